import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openProvisioningLogDatabase } from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.database';
import { ProvisioningLogEntry } from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.entry';
import {
  ProvisioningLogQuery,
  readProvisioningLog,
} from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.reader';
import { ProvisioningLogWriter } from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.writer';

const silent = pino({ level: 'silent' });
const T0 = 1_700_000_000_000;

function entry(
  n: number,
  resourceId: string | null,
  subject: string | null,
  at = T0 + n,
): ProvisioningLogEntry {
  return {
    at,
    subscription: 'acme',
    tokenId: 't1',
    method: subject ? 'POST' : 'PATCH',
    path: '/scim/v2/Users',
    filter: null,
    resourceType: 'User',
    resourceId,
    subject,
    subjectKey: subject?.toLowerCase() ?? null,
    status: 200,
    scimType: null,
    detail: null,
    durationMs: 1,
    correlationId: `c-${n}`,
  };
}

/** Every page of a query, two entries at a time: the correlation ids in the order read. */
function allPages(
  db: Database.Database,
  query: Omit<ProvisioningLogQuery, 'limit' | 'subscription'>,
): string[] {
  const seen: string[] = [];
  let after: ProvisioningLogQuery['after'];
  for (;;) {
    const page = readProvisioningLog(db, { subscription: 'acme', limit: 2, ...query, after });
    seen.push(...page.entries.map((e) => e.correlationId));
    if (!page.next) return seen;
    after = page.next;
  }
}

const count = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const through = (db: Database.Database) =>
  (db.prepare('SELECT through FROM provisioning_log_lookup_state').get() as { through: number }).through;

describe('provisioning log lookups (by resource and by subject, copied in batches)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plog-lookups-'));
    file = path.join(dir, 'provisioning-log.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A reader and a writer on the test's log, both closed after `test`. */
  async function withLog(
    batches: { lookupBatchRows: number; lookupBatchMs: number },
    test: (reader: Database.Database, writer: ProvisioningLogWriter) => Promise<void>,
  ): Promise<void> {
    const reader = openProvisioningLogDatabase(file);
    const writer = new ProvisioningLogWriter(file, silent, batches);
    try {
      await test(reader, writer);
    } finally {
      await writer.close();
      reader.close();
    }
  }

  it('finds every entry of a resource and of a subject, newest first, whether copied yet or not', async () => {
    await withLog({ lookupBatchRows: 6, lookupBatchMs: 60_000 }, async (reader, writer) => {
      // A first write of 6 entries reaches the batch size and is copied; the 4 after it are not.
      for (let n = 0; n < 6; n++) writer.record(entry(n, n % 2 ? 'r1' : 'r2', n === 2 ? 'Ada@x' : null));
      await writer.sync();
      for (let n = 6; n < 10; n++) writer.record(entry(n, n % 2 ? 'r1' : 'r2', n === 8 ? 'ADA@x' : null));
      await writer.sync();
      expect(through(reader)).toBe(6);
      expect(count(reader, 'provisioning_log_resource_lookup')).toBe(6);
      expect(allPages(reader, { resourceId: 'r1' })).toEqual(['c-9', 'c-7', 'c-5', 'c-3', 'c-1']);
      expect(allPages(reader, { resourceId: 'r2' })).toEqual(['c-8', 'c-6', 'c-4', 'c-2', 'c-0']);
      expect(allPages(reader, { subject: 'ada@X' })).toEqual(['c-8', 'c-2']);
      // With the other filters, on both sides of the boundary.
      expect(allPages(reader, { resourceId: 'r2', method: 'POST' })).toEqual(['c-8', 'c-2']);
      expect(allPages(reader, { resourceId: 'r1', from: T0 + 3, to: T0 + 9 })).toEqual(['c-7', 'c-5', 'c-3']);
      expect(allPages(reader, { resourceId: 'r3' })).toEqual([]);
    });
  });

  it('orders by time, not by id, across the boundary: an entry recorded late', async () => {
    await withLog({ lookupBatchRows: 2, lookupBatchMs: 60_000 }, async (reader, writer) => {
      writer.record(entry(0, 'r1', null, T0 + 10));
      writer.record(entry(1, 'r1', null, T0 + 30));
      await writer.sync();
      // A long request: it arrived before the last one copied, and is written after it.
      writer.record(entry(2, 'r1', null, T0 + 20));
      await writer.sync();
      expect(through(reader)).toBe(2);
      expect(allPages(reader, { resourceId: 'r1' })).toEqual(['c-1', 'c-2', 'c-0']);
    });
  });

  it('copies what is left when the writer closes', async () => {
    const reader = openProvisioningLogDatabase(file);
    const writer = new ProvisioningLogWriter(file, silent, { lookupBatchRows: 1000, lookupBatchMs: 60_000 });
    for (let n = 0; n < 5; n++) writer.record(entry(n, `r${n}`, `user${n}@x`));
    await writer.sync();
    expect(through(reader)).toBe(0);
    await writer.close();
    expect(through(reader)).toBe(5);
    expect(count(reader, 'provisioning_log_resource_lookup')).toBe(5);
    expect(count(reader, 'provisioning_log_subject_lookup')).toBe(5);
    reader.close();
  });

  it('copies on a timer when the batch does not fill', async () => {
    await withLog({ lookupBatchRows: 1000, lookupBatchMs: 50 }, async (reader, writer) => {
      writer.record(entry(0, 'r1', null));
      await writer.sync();
      for (let waited = 0; through(reader) === 0 && waited < 5000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(through(reader)).toBe(1);
    });
  });

  it('deletes the lookup rows of the entries a purge deletes', async () => {
    await withLog({ lookupBatchRows: 4, lookupBatchMs: 60_000 }, async (reader, writer) => {
      // Four old entries (copied), then two recent ones, one of them not copied yet.
      for (let n = 0; n < 4; n++) writer.record(entry(n, 'r1', `old${n}@x`, T0 + n));
      await writer.sync();
      writer.record(entry(4, 'r1', 'new@x', T0 + 1_000));
      await writer.sync();
      expect(await writer.purge(T0 + 2)).toBe(2);
      expect(count(reader, 'provisioning_log')).toBe(3);
      expect(count(reader, 'provisioning_log_resource_lookup')).toBe(2);
      expect(count(reader, 'provisioning_log_subject_lookup')).toBe(2);
      expect(allPages(reader, { resourceId: 'r1' })).toEqual(['c-4', 'c-3', 'c-2']);
    });
  });

  it('finds the entries after a purge emptied the log (their ids start at 1 again)', async () => {
    await withLog({ lookupBatchRows: 3, lookupBatchMs: 60_000 }, async (reader, writer) => {
      for (let n = 0; n < 3; n++) writer.record(entry(n, 'r1', null, T0 + n));
      await writer.sync();
      expect(through(reader)).toBe(3);
      expect(await writer.purge(T0 + 1_000)).toBe(3);
      writer.record(entry(3, 'r1', null, T0 + 2_000));
      await writer.sync();
      expect(reader.prepare('SELECT id FROM provisioning_log').pluck().all()).toEqual([1]);
      expect(allPages(reader, { resourceId: 'r1' })).toEqual(['c-3']);
      for (let n = 4; n < 6; n++) writer.record(entry(n, 'r1', null, T0 + 2_000 + n));
      await writer.sync();
      expect(through(reader)).toBe(3);
      expect(allPages(reader, { resourceId: 'r1' })).toEqual(['c-5', 'c-4', 'c-3']);
    });
  });

  it('copies, soon after start, the entries a crash left uncopied', async () => {
    const reader = openProvisioningLogDatabase(file);
    // Written by a writer that died before its batch: in the log, not in the lookups.
    reader
      .prepare(
        `INSERT INTO provisioning_log (at, subscription, method, path, resource_id, status, duration_ms, correlation_id)
         VALUES (?, 'acme', 'PATCH', '/Users/r1', 'r1', 200, 1, 'c-0')`,
      )
      .run(T0);
    expect(through(reader)).toBe(0);
    const writer = new ProvisioningLogWriter(file, silent, { lookupBatchRows: 1000, lookupBatchMs: 50 });
    try {
      for (let waited = 0; through(reader) === 0 && waited < 5000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(through(reader)).toBe(1);
      expect(count(reader, 'provisioning_log_resource_lookup')).toBe(1);
    } finally {
      await writer.close();
      reader.close();
    }
  });

  it('copies a log written before the lookups into them at open, and drops the indexes they replace', () => {
    const old = new Database(file);
    old.exec(`
      CREATE TABLE provisioning_log (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, subscription TEXT, token_id TEXT, method TEXT NOT NULL,
        path TEXT NOT NULL, filter TEXT, resource_type TEXT, resource_id TEXT, subject TEXT, subject_key TEXT,
        status INTEGER NOT NULL, scim_type TEXT, detail TEXT, duration_ms REAL NOT NULL, correlation_id TEXT NOT NULL);
      CREATE INDEX provisioning_log_by_resource ON provisioning_log (subscription, resource_id, at, id);
      CREATE INDEX provisioning_log_by_subject_key ON provisioning_log (subscription, subject_key, at, id)
        WHERE subject_key IS NOT NULL;`);
    const insert = old.prepare(
      `INSERT INTO provisioning_log (at, subscription, method, path, resource_id, subject, subject_key, status, duration_ms, correlation_id)
       VALUES (?, ?, 'POST', '/Users', ?, ?, ?, 201, 1, ?)`,
    );
    insert.run(T0, 'acme', 'r1', 'Ada@x', 'ada@x', 'c-0');
    insert.run(T0 + 1, 'acme', 'r1', null, null, 'c-1');
    insert.run(T0 + 2, null, 'r1', null, null, 'c-2'); // no subscription: never queried
    insert.run(T0 + 3, 'acme', null, 'Bob@x', null, 'c-3'); // an older build's: no key yet
    old.close();

    const db = openProvisioningLogDatabase(file);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'provisioning_log'")
      .pluck()
      .all();
    expect(indexes).not.toContain('provisioning_log_by_resource');
    expect(indexes).not.toContain('provisioning_log_by_subject_key');
    expect(through(db)).toBe(4);
    expect(allPages(db, { resourceId: 'r1' })).toEqual(['c-1', 'c-0']);
    expect(allPages(db, { subject: 'BOB@X' })).toEqual(['c-3']);
    expect(count(db, 'provisioning_log_resource_lookup')).toBe(2);
    db.close();
  });
});
