import Database from 'better-sqlite3';
import { createOwnershipTables } from '../../../src/modules/ownership/infrastructure/ownership.tables';
import { OwnershipReader } from '../../../src/modules/ownership/infrastructure/ownership.reader';

describe('OwnershipReader.heldOrIncoming (what a disable now would move)', () => {
  const db = new Database(':memory:');
  createOwnershipTables(db);
  const resource = db.prepare(
    `INSERT INTO own_resource VALUES ('acme', ?, 'doc', 'n', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  const permission = db.prepare(
    `INSERT INTO own_permission VALUES ('acme', ?, 'admin', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  const pending = db.prepare(
    `INSERT INTO own_pending_handover VALUES ('acme', ?, ?, ?, 0, '2026-01-01T00:00:00Z')`,
  );
  resource.run('r-mia', 'mia');
  resource.run('r-ann', 'ann'); // ann's disable hands it to mia, not done yet
  permission.run('p-ann', 'ann');
  resource.run('r-bob', 'bob'); // bob's to ann, not done yet either
  resource.run('r-sam', 'sam'); // nobody's handover goes to mia from sam
  pending.run('t1', 'ann', 'mia');
  pending.run('t2', 'bob', 'ann');
  pending.run('t3', 'sam', 'zoe');
  const reader = new OwnershipReader(db);

  it("lists the user's items and those pending handovers are still bringing to it, through chains", () => {
    expect(reader.heldOrIncoming('acme', 'mia')).toEqual({
      resources: ['r-ann', 'r-bob', 'r-mia'],
      permissions: ['p-ann'],
    });
    expect(reader.heldBy('acme', 'mia')).toEqual({ resources: ['r-mia'], permissions: [] });
  });
});
