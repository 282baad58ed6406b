import type { Database, Statement } from 'better-sqlite3';
import { JsonObject, RecordedEvent } from '../../../../platform/event-store/event-store.port';
import { Projection } from '../../../../platform/read-model/projection';
import { USER_EVENT_TYPES, UserEvent } from '../../../identity/contracts/user.events';
import { UserSnapshot, userToScim } from '../../domain/user/scim-user.mapper';
import { deleteIndexRows, indexRowsFor, replaceIndexRows } from './scim-query';
import { createScimResourceTables } from './scim-resource.tables';

interface StoredSource extends UserSnapshot {
  created: string;
}

const USER_EVENTS = new Set<string>(USER_EVENT_TYPES);

/** Identity's user events to SCIM User documents and their attribute index. */
export class ScimUserProjection implements Projection {
  readonly name = 'scim-users';
  readonly version = 2;
  private statements: { get: Statement; put: Statement; remove: Statement } | undefined;

  setup(db: Database): void {
    createScimResourceTables(db);
  }

  reset(db: Database): void {
    db.prepare(`DELETE FROM scim_resource WHERE rtype = 'User'`).run();
    db.prepare(`DELETE FROM scim_attr WHERE rtype = 'User'`).run();
  }

  apply(db: Database, recorded: RecordedEvent): void {
    if (!USER_EVENTS.has(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as unknown as UserEvent;
    const { subscription, userId, at } = event.data;
    const sql = this.prepared(db);
    if (event.type === 'UserDeleted') {
      sql.remove.run(subscription, userId);
      deleteIndexRows(db, subscription, 'User', userId);
      return;
    }
    let source: StoredSource;
    if (event.type === 'UserProvisioned') {
      const { profile, active, managerId } = event.data;
      source = { profile, active, managerId, created: at };
    } else {
      const row = sql.get.get(subscription, userId) as { source: string } | undefined;
      if (!row) return;
      source = JSON.parse(row.source) as StoredSource;
      switch (event.type) {
        case 'UserProfileChanged':
          source.profile = event.data.profile;
          break;
        case 'UserManagerAssigned':
          source.managerId = event.data.managerId;
          break;
        case 'UserManagerRemoved':
          source.managerId = null;
          break;
        case 'UserDisabled':
          source.active = false;
          break;
        case 'UserEnabled':
          source.active = true;
          break;
      }
    }
    const resource: JsonObject = {
      ...userToScim(userId, source),
      meta: {
        resourceType: 'User',
        created: source.created,
        lastModified: at,
        version: `W/"${recorded.revision}"`,
      },
    };
    sql.put.run(subscription, userId, JSON.stringify(resource), recorded.revision, JSON.stringify(source));
    replaceIndexRows(db, subscription, 'User', userId, indexRowsFor('User', resource));
  }

  private prepared(db: Database) {
    this.statements ??= {
      get: db.prepare(`SELECT source FROM scim_resource WHERE sub = ? AND rtype = 'User' AND id = ?`),
      put: db.prepare(
        `INSERT OR REPLACE INTO scim_resource (sub, rtype, id, json, version, source) VALUES (?, 'User', ?, ?, ?, ?)`,
      ),
      remove: db.prepare(`DELETE FROM scim_resource WHERE sub = ? AND rtype = 'User' AND id = ?`),
    };
    return this.statements;
  }
}
