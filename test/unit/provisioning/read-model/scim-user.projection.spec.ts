import Database from 'better-sqlite3';
import { JsonObject, RecordedEvent } from '../../../../src/platform/event-store/event-store.port';
import { ScimUserProjection } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-user.projection';
import { indexRowsFor } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';

let revision = 0;
const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    id: `e${revision}`,
    streamId: 'user-acme_u1',
    type,
    revision: revision++,
    position: { commit: BigInt(revision), prepare: BigInt(revision) },
    data: { subscription: 'acme', userId: 'u1', at: `2026-01-01T00:00:0${revision}.000Z`, ...data },
    metadata: {
      schemaVersion: 1,
      correlationId: 'c',
      causationId: null,
      actor: 'test',
      // Recorded a little after the decision's `at`, as the repository stamps it before appending.
      timestamp: `2026-01-01T00:00:0${revision}.040Z`,
    },
  }) as RecordedEvent;

const profile = (userName: string) => ({ userName, name: { givenName: 'A', familyName: 'B' } });

describe('SCIM users projection (write-behind per batch)', () => {
  let db: Database.Database;
  let projection: ScimUserProjection;
  const document = () =>
    JSON.parse(
      (db.prepare(`SELECT json FROM scim_resource WHERE id = 'u1'`).get() as { json: string }).json,
    ) as {
      userName: string;
      active: boolean;
      meta: { version: string; created: string; lastModified: string };
    };
  const indexedUserNames = () =>
    (db.prepare(`SELECT v FROM scim_attr WHERE path = 'username'`).all() as { v: string }[]).map((r) => r.v);

  beforeEach(() => {
    revision = 0;
    db = new Database(':memory:');
    projection = new ScimUserProjection();
    projection.setup(db);
  });

  it('inserts a new user at once, whole, so other projections see it within the batch', () => {
    projection.apply(
      db,
      event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
    );
    expect(db.prepare(`SELECT 1 AS n FROM scim_resource WHERE rtype = 'User' AND id = 'u1'`).get()).toEqual({
      n: 1,
    });
    expect(document()).toMatchObject({ userName: 'alice', active: true, meta: { version: 'W/"0"' } });
    projection.endBatch(db);
    expect(document()).toMatchObject({ userName: 'alice', active: true, meta: { version: 'W/"0"' } });
    expect(indexedUserNames()).toEqual(['alice']);
  });

  it("dates meta.created and lastModified by when the events were recorded (the history's and asOf's time), not by their `at`", () => {
    projection.apply(
      db,
      event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
    );
    projection.apply(db, event('UserDisabled', { handover: null }));
    projection.endBatch(db);
    expect(document()).toMatchObject({
      meta: { created: '2026-01-01T00:00:01.040Z', lastModified: '2026-01-01T00:00:02.040Z' },
    });
  });

  it('ends a batch with the last state of each user, document and index alike', () => {
    projection.apply(
      db,
      event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
    );
    projection.apply(db, event('UserProfileChanged', { profile: profile('Alice.Smith') }));
    projection.apply(db, event('UserDisabled', { handover: null }));
    projection.endBatch(db);
    expect(document()).toMatchObject({ userName: 'Alice.Smith', active: false, meta: { version: 'W/"2"' } });
    expect(indexedUserNames()).toEqual(['alice.smith']);
  });

  it('applies changes of a later batch on the stored state', () => {
    projection.apply(
      db,
      event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
    );
    projection.endBatch(db);
    projection.apply(db, event('UserProfileChanged', { profile: profile('bob') }));
    projection.endBatch(db);
    expect(document()).toMatchObject({ userName: 'bob', meta: { version: 'W/"1"' } });
    expect(indexedUserNames()).toEqual(['bob']);
  });

  it("reads only the last of a user's profile changes in a batch, and the last event's time", () => {
    projection.apply(
      db,
      event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
    );
    const superseded = event('UserProfileChanged', { profile: profile('bob') });
    Object.defineProperty(superseded, 'data', {
      get: () => {
        throw new Error('a superseded profile change was read');
      },
    });
    projection.apply(db, superseded);
    projection.apply(db, event('UserProfileChanged', { profile: profile('carol') }));
    projection.apply(db, event('UserManagerAssigned', { managerId: 'm1' }));
    projection.endBatch(db);
    expect(document()).toMatchObject({
      userName: 'carol',
      meta: { version: 'W/"3"', lastModified: '2026-01-01T00:00:04.040Z' },
    });
    expect(indexedUserNames()).toEqual(['carol']);
  });

  it('leaves, batch after batch, exactly the index rows of its stored document (rows added, changed and removed)', () => {
    const rich = {
      userName: 'alice',
      name: { givenName: 'Alice', familyName: 'Smith' },
      title: 'Engineer',
      emails: [
        { value: 'alice@contoso.test', type: 'work', primary: true },
        { value: 'alice@home.test', type: 'home' },
      ],
      phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
      enterprise: { department: 'R&D', employeeNumber: '7' },
    };
    const fewer = {
      userName: 'alice',
      name: { givenName: 'Alice', familyName: 'Jones' },
      emails: [{ value: 'alice@contoso.test', type: 'work', primary: true }],
      nickName: 'Al',
      enterprise: { costCenter: 'CC1' },
    };
    const rowsOf = (doc: number) =>
      db.prepare(`SELECT path, elem, v FROM scim_attr WHERE doc = ? ORDER BY path, elem`).all(doc);
    const rewritten = () => {
      const { doc, json } = db.prepare(`SELECT doc, json FROM scim_resource WHERE id = 'u1'`).get() as {
        doc: number;
        json: string;
      };
      const expected = indexRowsFor('User', JSON.parse(json) as JsonObject)
        .map(({ path, elem, v }) => ({ path, elem, v }))
        .sort((a, b) => (a.path === b.path ? a.elem - b.elem : a.path < b.path ? -1 : 1));
      return { actual: rowsOf(doc), expected };
    };
    const batches = [
      [event('UserProvisioned', { profile: rich, active: true, managerId: null })],
      [event('UserProfileChanged', { profile: fewer })],
      [event('UserManagerAssigned', { managerId: 'm1' }), event('UserDisabled', { handover: null })],
      [event('UserProfileChanged', { profile: rich }), event('UserManagerRemoved', {})],
      [event('UserEnabled', {})],
    ];
    for (const batch of batches) {
      for (const recorded of batch) projection.apply(db, recorded);
      projection.endBatch(db);
      const { actual, expected } = rewritten();
      expect(actual).toEqual(expected);
    }
  });

  describe('in a bulk load', () => {
    const valueIndex = () =>
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'scim_attr_value'`).get();
    const rows = () =>
      db.prepare(`SELECT scope, doc, path, elem, v FROM scim_attr ORDER BY doc, path, elem`).all();

    // The runner runs the deferred statements, on a worker thread's connection for a rebuild.
    const endBulkLoad = () => {
      for (const sql of projection.bulkLoadDeferredSql()) db.exec(sql);
      projection.endBulkLoad();
    };

    it('leaves scim_attr_value to the statements it defers to the end of the load', () => {
      projection.beginBulkLoad(db);
      expect(valueIndex()).toBeUndefined();
      endBulkLoad();
      expect(valueIndex()).toBeDefined();
    });

    it('writes the same index rows as a normal batch, across batches too', () => {
      const history = [
        event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
        event('UserProfileChanged', { profile: profile('bob') }),
        event('UserDisabled', { handover: null }),
      ];
      projection.apply(db, history[0]!);
      projection.apply(db, history[1]!);
      projection.endBatch(db);
      projection.apply(db, history[2]!);
      projection.endBatch(db);
      const expected = rows();

      db = new Database(':memory:');
      projection = new ScimUserProjection();
      projection.setup(db);
      projection.beginBulkLoad(db);
      projection.apply(db, history[0]!);
      projection.apply(db, history[1]!);
      projection.endBatch(db);
      projection.apply(db, history[2]!);
      projection.endBatch(db);
      endBulkLoad();
      expect(rows()).toEqual(expected);
      expect(indexedUserNames()).toEqual(['bob']);
    });

    it("takes over a row that is already there when a stream's first event arrives (bulk loads insert without an upsert)", () => {
      projection.beginBulkLoad(db);
      db.prepare(
        `INSERT INTO scim_resource (doc, sub, rtype, id, json, version, source) VALUES (99, 'acme', 'User', 'u1', '{}', 5, NULL)`,
      ).run();
      projection.apply(
        db,
        event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
      );
      projection.endBatch(db);
      endBulkLoad();
      expect(db.prepare(`SELECT doc FROM scim_resource WHERE id = 'u1'`).pluck().all()).toEqual([99]);
      expect(document()).toMatchObject({ userName: 'alice', meta: { version: 'W/"0"' } });
    });
  });

  it('forgets a user deleted within the batch', () => {
    projection.apply(
      db,
      event('UserProvisioned', { profile: profile('alice'), active: true, managerId: null }),
    );
    projection.apply(db, event('UserDeleted', { userName: 'alice', handover: null }));
    projection.endBatch(db);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM scim_resource`).get()).toEqual({ n: 0 });
    expect(indexedUserNames()).toEqual([]);
  });

  it("names the user by its creation's position (doc and scope), and a later delete removes its rows", () => {
    const provisioned = event('UserProvisioned', {
      profile: profile('alice'),
      active: true,
      managerId: null,
    });
    const position = Number(provisioned.position.prepare);
    projection.apply(db, provisioned);
    projection.endBatch(db);
    projection.apply(db, event('UserDisabled', { handover: null }));
    projection.endBatch(db);
    expect(db.prepare(`SELECT doc, id, version FROM scim_resource`).all()).toEqual([
      { doc: position, id: 'u1', version: 1 },
    ]);
    expect(db.prepare(`SELECT sub, rtype, scope FROM scim_scope`).all()).toEqual([
      { sub: 'acme', rtype: 'User', scope: position },
    ]);
    expect(db.prepare(`SELECT DISTINCT scope, doc FROM scim_attr`).all()).toEqual([
      { scope: position, doc: position },
    ]);
    projection.apply(db, event('UserDeleted', { userName: 'alice', handover: null }));
    projection.endBatch(db);
    expect(db.prepare(`SELECT count(*) FROM scim_attr`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM scim_resource`).pluck().get()).toBe(0);
  });
});
