import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  WRITER_SQL,
  openProvisioningLogDatabase,
} from '../../../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.database';
import {
  ProvisioningLogQuery,
  provisioningLogStatement,
} from '../../../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.reader';

const UNKEYED = 'subject IS NOT NULL AND subject_key IS NULL';

describe('provisioning log database: subject keys at start', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plog-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const insert = (db: Database.Database, subject: string | null, subjectKey: string | null) =>
    db
      .prepare(
        `INSERT INTO provisioning_log (at, subscription, method, path, subject, subject_key, status, duration_ms, correlation_id)
         VALUES (1, 'acme', 'POST', '/Users', ?, ?, 201, 1, 'c')`,
      )
      .run(subject, subjectKey);

  it('finds entries without a key through an index, not a scan of the log', () => {
    const db = openProvisioningLogDatabase(path.join(dir, 'log.db'));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN UPDATE provisioning_log SET subject_key = lower(subject) WHERE ${UNKEYED}`)
      .all() as { detail: string }[];
    db.close();
    expect(plan.map((step) => step.detail)).toEqual([
      'SCAN provisioning_log USING INDEX provisioning_log_unkeyed',
    ]);
  });

  it('keys what an older build wrote without a key, at the next start', () => {
    const file = path.join(dir, 'log.db');
    const first = openProvisioningLogDatabase(file);
    insert(first, 'ΣΩΚΡΑΤΗΣ@x.test', null); // an older build: no key
    insert(first, null, null); // a request that names nobody
    first.close();
    const second = openProvisioningLogDatabase(file);
    const rows = second.prepare('SELECT subject, subject_key FROM provisioning_log ORDER BY id').all();
    const left = second.prepare(`SELECT count(*) AS n FROM provisioning_log WHERE ${UNKEYED}`).get();
    second.close();
    expect(rows).toEqual([
      { subject: 'ΣΩΚΡΑΤΗΣ@x.test', subject_key: 'σωκρατησ@x.test' },
      { subject: null, subject_key: null },
    ]);
    expect(left).toEqual({ n: 0 });
  });
});

describe('provisioning log queries: by resource and subject through the lookups', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plog-plan-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const planOf = (db: Database.Database, query: Partial<ProvisioningLogQuery>) => {
    const { sql, params } = provisioningLogStatement({ subscription: 'acme', limit: 50, ...query });
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((s) => s.detail);
  };

  it.each([
    ['resource', { resourceId: 'r1' }, 'resource_id'],
    ['subject', { subject: 'Ada@x' }, 'subject_key'],
  ])(
    'reads a %s from its lookup by key, and the newer entries by rowid, never the log by time',
    (_, query, key) => {
      const db = openProvisioningLogDatabase(path.join(dir, 'log.db'));
      const plan = planOf(db, { ...query, after: { at: 5, id: 9 }, method: 'PATCH' });
      db.close();
      const lookedUp = plan.find((step) => step.startsWith('SEARCH k'));
      expect(lookedUp).toContain(`USING PRIMARY KEY (subscription=? AND ${key}=?`);
      expect(plan).toContain('SEARCH l USING INTEGER PRIMARY KEY (rowid=?)');
      expect(plan).toContain('SEARCH l USING INTEGER PRIMARY KEY (rowid>?)');
      expect(plan.join('\n')).not.toMatch(/provisioning_log_by_time|SCAN l/);
    },
  );

  it("copies and purges the lookups by the log's rowid and the lookups' keys, never a scan of either", () => {
    const db = openProvisioningLogDatabase(path.join(dir, 'log.db'));
    const plans = [
      ...WRITER_SQL.lookups.copy.map((text) => [text, 1, 2]),
      ...WRITER_SQL.lookups.purge.map((text) => [text, 1]),
    ].map(([text, ...values]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${String(text)}`).all(...values) as { detail: string }[])
        .map((step) => step.detail)
        .join(' | '),
    );
    db.close();
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH provisioning_log USING INTEGER PRIMARY KEY \(rowid[<>]/);
      expect(plan).not.toMatch(/SCAN/);
    }
    for (const plan of plans.slice(WRITER_SQL.lookups.copy.length))
      expect(plan).toMatch(
        /^SEARCH provisioning_log_(resource|subject)_lookup USING PRIMARY KEY \(subscription=\? AND \w+=\? AND at=\? AND id=\?\)/,
      );
  });
});
