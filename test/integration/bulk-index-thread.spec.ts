import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBulkIndexWrites } from '../../src/modules/provisioning/infrastructure/read-model/bulk-index/bulk-index-writer';
import { ScimGroupProjection } from '../../src/modules/provisioning/infrastructure/read-model/scim-group.projection';
import { createScimIndexSchema } from '../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { ScimUserProjection } from '../../src/modules/provisioning/infrastructure/read-model/scim-user.projection';
import { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { Projection } from '../../src/platform/read-model/projection';
import { openScratchDatabase } from '../../src/platform/read-model/rebuild/scratch-database';
import { recordedEvent } from '../support/recorded-event';

// A bulk load into a file hands scim_attr to a thread of its own (bulk-index.worker.ts, run
// from the build), which copies its table into the file when the load ends.
describe('bulk index thread', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-index-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const userEvent = (type: string, userId: string, data: Record<string, unknown>, revision = 0) =>
    recordedEvent(`user-acme_${userId}`, type, { userId, ...data }, { revision });
  const groupEvent = (type: string, groupId: string, data: Record<string, unknown>, revision = 0) =>
    recordedEvent(`group-acme_${groupId}`, type, { groupId, ...data }, { revision });
  const profile = (userName: string) => ({
    userName,
    name: { givenName: 'Ada', familyName: userName },
    emails: [{ type: 'work', value: `${userName}@example.com`, primary: true }],
  });

  /** Users and groups created, changed across batches, and deleted: every kind of index write. */
  const history = (): RecordedEvent[][] => {
    const batches: RecordedEvent[][] = [[], [], []];
    for (let u = 0; u < 40; u++) {
      const id = `u${u}`;
      batches[0]!.push(
        userEvent('UserProvisioned', id, { profile: profile(id), active: true, managerId: null }),
      );
      batches[1]!.push(userEvent('UserProfileChanged', id, { profile: profile(`${id}-renamed`) }, 1));
      if (u % 5 === 0) batches[2]!.push(userEvent('UserDeleted', id, { userName: id, handover: null }, 2));
    }
    batches[0]!.push(groupEvent('GroupCreated', 'g1', { displayName: 'Sales', externalId: null }));
    batches[0]!.push(groupEvent('GroupCreated', 'g2', { displayName: 'Ops', externalId: 'ops' }));
    batches[1]!.push(groupEvent('GroupMembersAdded', 'g1', { members: [{ id: 'u1', type: 'User' }] }, 1));
    batches[1]!.push(groupEvent('GroupDetailsChanged', 'g2', { displayName: 'Ops 2', externalId: 'ops' }, 1));
    batches[2]!.push(groupEvent('GroupDeleted', 'g2', {}, 2));
    return batches;
  };

  /** As the runner does: every event to each projection, then endBatch in registration order. */
  const load = async (db: Database.Database, batches: RecordedEvent[][], bulk: boolean) => {
    const projections: Projection[] = [new ScimUserProjection(), new ScimGroupProjection()];
    for (const projection of projections) projection.setup(db);
    if (bulk) for (const projection of projections) projection.beginBulkLoad!(db);
    for (const events of batches)
      db.transaction(() => {
        for (const recorded of events) for (const projection of projections) projection.apply(db, recorded);
        for (const projection of projections) projection.endBatch!(db);
      })();
    if (!bulk) return;
    for (const projection of projections) await projection.settleBulkLoad!();
    for (const projection of projections)
      for (const sql of projection.bulkLoadDeferredSql?.() ?? []) db.exec(sql);
    for (const projection of projections) projection.endBulkLoad!(db);
  };
  const tableRows = (db: Database.Database, table: string) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all();

  it('writes the same read model as a load event by event, and leaves no file of its own', async () => {
    const batches = history();
    const normal = new Database(':memory:');
    await load(normal, batches, false);
    const file = path.join(dir, 'read-model.rebuild.db');
    const bulk = openScratchDatabase(file);
    await load(bulk, batches, true);

    expect(tableRows(bulk, 'scim_attr').length).toBeGreaterThan(100);
    expect(tableRows(bulk, 'scim_attr')).toEqual(tableRows(normal, 'scim_attr'));
    expect(tableRows(bulk, 'scim_resource')).toEqual(tableRows(normal, 'scim_resource'));
    expect(bulk.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'scim_attr_value'`).get()).toBeDefined();
    // The filters' index answers: a value probe finds the renamed user.
    const plan = bulk
      .prepare(
        `EXPLAIN QUERY PLAN SELECT doc FROM scim_attr WHERE scope = 1 AND path = 'username' AND v = 'x'`,
      )
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join()).toContain('scim_attr_value');
    expect(fs.readdirSync(dir)).toEqual(['read-model.rebuild.db']);
  });

  it('keeps up when the load posts faster than it writes (back-pressure), in order', async () => {
    const db = openScratchDatabase(path.join(dir, 'read-model.rebuild.db'));
    createScimIndexSchema(db);
    const bulk = startBulkIndexWrites(db);
    const json = JSON.stringify({ userName: 'x' });
    for (let doc = 1; doc <= 200; doc++) {
      bulk.writes.insert({ scope: 1, doc }, 'User', { userName: 'x' }, json);
      // Every other one removed again, in a later message than its insert.
      if (doc % 2 === 0) {
        bulk.send();
        bulk.writes.remove(doc);
      }
      bulk.send();
    }
    await bulk.finish();
    expect(db.prepare('SELECT count(*) FROM scim_attr').pluck().get()).toBe(100);
  });

  it('fails the load with the reason when a write fails, and is a new thread for the next load', async () => {
    const db = openScratchDatabase(path.join(dir, 'read-model.rebuild.db'));
    createScimIndexSchema(db);
    const bulk = startBulkIndexWrites(db);
    expect(startBulkIndexWrites(db)).toBe(bulk);
    const json = JSON.stringify({ userName: 'x' });
    // The same resource's rows inserted twice, without a remove between.
    bulk.writes.insert({ scope: 1, doc: 1 }, 'User', { userName: 'x' }, json);
    bulk.writes.insert({ scope: 1, doc: 1 }, 'User', { userName: 'x' }, json);
    bulk.send();
    const reason = 'scim_attr of doc 1: 1 row(s) not inserted (exist already)';
    await expect(bulk.finish()).rejects.toThrow(`bulk index thread failed: ${reason}`);
    await expect(bulk.finish()).rejects.toThrow(reason);
    expect(db.prepare('SELECT count(*) FROM scim_attr').pluck().get()).toBe(0);
    const next = startBulkIndexWrites(db);
    expect(next).not.toBe(bulk);
    await next.finish();
  });
});
