import Database from 'better-sqlite3';
import { createScimResourceTables } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.tables';

const columns = (db: Database.Database, table: string) =>
  db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table);

describe('createScimResourceTables', () => {
  it('replaces the wide tables of older files (the projections replay them), keeps memberships', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE scim_resource (
        sub TEXT NOT NULL, rtype TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL,
        version INTEGER NOT NULL, source TEXT, UNIQUE (sub, rtype, id));
      CREATE TABLE scim_attr (
        sub TEXT NOT NULL, rtype TEXT NOT NULL, rid TEXT NOT NULL, path TEXT NOT NULL,
        elem INTEGER NOT NULL, v ANY NOT NULL, PRIMARY KEY (sub, rtype, rid, path, elem)) STRICT, WITHOUT ROWID;
      CREATE INDEX scim_attr_value ON scim_attr (sub, rtype, path, v);
      CREATE TABLE scim_group_member (
        sub TEXT NOT NULL, group_id TEXT NOT NULL, member_id TEXT NOT NULL, member_type TEXT NOT NULL,
        PRIMARY KEY (sub, group_id, member_id)) WITHOUT ROWID;
      INSERT INTO scim_resource VALUES ('s', 'User', 'u1', '{}', 0, NULL);
      INSERT INTO scim_attr VALUES ('s', 'User', 'u1', 'username', 0, 'a');
      INSERT INTO scim_group_member VALUES ('s', 'g1', 'u1', 'User');
    `);
    createScimResourceTables(db);
    expect(columns(db, 'scim_resource')).toEqual(['doc', 'sub', 'rtype', 'id', 'json', 'version', 'source']);
    expect(columns(db, 'scim_attr')).toEqual(['scope', 'doc', 'path', 'elem', 'v']);
    expect(columns(db, 'scim_scope')).toEqual(['sub', 'rtype', 'scope']);
    expect(db.prepare(`SELECT count(*) FROM scim_resource`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM scim_attr`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM scim_group_member`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'scim_attr_value'`).pluck().get()).toMatch(
      /\(scope, path, v\)/,
    );

    // Idempotent on the current layout: nothing is dropped.
    db.prepare(
      `INSERT INTO scim_resource (doc, sub, rtype, id, json, version) VALUES (7, 's', 'User', 'u1', '{}', 0)`,
    ).run();
    createScimResourceTables(db);
    expect(db.prepare(`SELECT doc FROM scim_resource`).pluck().all()).toEqual([7]);
  });
});
