import type { Database, Statement } from 'better-sqlite3';
import { JsonObject, RecordedEvent } from '../../../../platform/event-store/event-store.port';
import { Projection } from '../../../../platform/read-model/projection';
import { USER_EVENT_TYPES, UserEvent, UserProfileChanged } from '../../../identity/contracts/user.events';
import { UserSnapshot, userToScim } from '../../domain/user/scim-user.mapper';
import {
  SCIM_VALUE_INDEX_DDL,
  deleteIndexRows,
  dropScimValueIndex,
  indexRowsFor,
  insertIndexRows,
  replaceIndexRows,
} from './scim-query';
import { createScimResourceTables } from './scim-resource.tables';

interface StoredSource extends UserSnapshot {
  created: string;
}

/** A user changed by the current batch, written once when the batch ends. */
interface PendingUser {
  sub: string;
  userId: string;
  source: StoredSource;
  revision: number;
  /** The user's last event in the batch: its `at` is the document's lastModified. */
  last: RecordedEvent;
  /** The user's last profile change in the batch, read when the batch ends (the others never are). */
  profileChange: RecordedEvent | undefined;
  /** Of the user's scim_resource row: the document is rewritten in place. */
  rowid: number | bigint;
  /** scim_attr may hold rows of this user (false: its stream starts in this batch). */
  indexed: boolean;
}

interface Statements {
  get: Statement<[string, string], { rowid: number; source: string; version: number }>;
  claim: Statement<[string, string, number]>;
  put: Statement<[string, number, string, number | bigint]>;
  remove: Statement<[string, string]>;
}

const USER_EVENTS = new Set<string>(USER_EVENT_TYPES);

/**
 * Identity's user events to SCIM User documents and their attribute index. Write-behind: the
 * document and its index rows are written once per user per batch (endBatch), not once per
 * event, so a replay of a user's history costs one index write per batch. A new user's row is
 * inserted at once, so other projections see that it exists within the batch, with a
 * placeholder document that endBatch replaces in the same transaction (no reader sees it).
 * In a bulk load the index rows are inserted without reading the stored ones, and
 * scim_attr_value (shared with the groups projection) is built at the end.
 */
export class ScimUserProjection implements Projection {
  readonly name = 'scim-users';
  // 3: schemas, meta.resourceType and meta.version are no longer rows of scim_attr.
  readonly version = 3;
  private statements: Statements | undefined;
  private readonly pending = new Map<string, PendingUser>();
  private bulkLoading = false;

  setup(db: Database): void {
    createScimResourceTables(db);
  }

  beginBulkLoad(db: Database): void {
    this.bulkLoading = true;
    dropScimValueIndex(db);
  }

  bulkLoadDeferredSql(): readonly string[] {
    return [SCIM_VALUE_INDEX_DDL];
  }

  endBulkLoad(): void {
    this.bulkLoading = false;
  }

  reset(db: Database): void {
    this.pending.clear();
    db.prepare(`DELETE FROM scim_resource WHERE rtype = 'User'`).run();
    db.prepare(`DELETE FROM scim_attr WHERE rtype = 'User'`).run();
  }

  apply(db: Database, recorded: RecordedEvent): void {
    if (!USER_EVENTS.has(recorded.type)) return;
    const sql = this.prepared(db);
    // A user's events are the events of its stream. Keyed by stream, a profile change is
    // applied without reading its data (the SQLite store parses it on first read): a replay
    // reads only the last of a user's changes in a batch.
    const key = recorded.streamId;
    if (recorded.type === 'UserProfileChanged') {
      const user = this.pending.get(key) ?? this.load(sql, recorded);
      if (!user) return;
      user.profileChange = recorded;
      this.touched(user, recorded);
      return;
    }
    const event = { type: recorded.type, data: recorded.data } as unknown as UserEvent;
    const { subscription: sub, userId, at } = event.data;
    if (event.type === 'UserDeleted') {
      this.pending.delete(key);
      sql.remove.run(sub, userId);
      deleteIndexRows(db, sub, 'User', userId);
      return;
    }
    if (event.type === 'UserProvisioned') {
      const { profile, active, managerId } = event.data;
      const source = { profile, active, managerId, created: at };
      const { lastInsertRowid: rowid } = sql.claim.run(sub, userId, recorded.revision);
      // Index rows are keyed by the user's stream: none exist before its first event.
      const indexed = recorded.revision !== 0;
      this.pending.set(key, {
        sub,
        userId,
        source,
        revision: recorded.revision,
        last: recorded,
        profileChange: undefined,
        rowid,
        indexed,
      });
      return;
    }
    const user = this.pending.get(key) ?? this.load(sql, recorded);
    if (!user) return;
    const { source } = user;
    switch (event.type) {
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
    this.touched(user, recorded);
  }

  endBatch(db: Database): void {
    const sql = this.prepared(db);
    for (const user of this.pending.values()) {
      if (user.profileChange)
        user.source.profile = (user.profileChange.data as unknown as UserProfileChanged['data']).profile;
      const resource = this.documentOf(user, (user.last.data as unknown as UserEvent['data']).at);
      sql.put.run(JSON.stringify(resource), user.revision, JSON.stringify(user.source), user.rowid);
      const rows = indexRowsFor('User', resource);
      if (this.bulkLoading || !user.indexed) {
        // Nothing to diff against: a new user (every POST) or a bulk load; one multi-row insert.
        if (user.indexed) deleteIndexRows(db, user.sub, 'User', user.userId);
        insertIndexRows(db, user.sub, 'User', user.userId, rows);
      } else {
        replaceIndexRows(db, user.sub, 'User', user.userId, rows);
      }
    }
    this.pending.clear();
  }

  private touched(user: PendingUser, recorded: RecordedEvent): void {
    user.revision = recorded.revision;
    user.last = recorded;
    this.pending.set(recorded.streamId, user);
  }

  /** The stored user the event belongs to (reads its data: the user's key). */
  private load(sql: Statements, recorded: RecordedEvent): PendingUser | undefined {
    const { subscription: sub, userId } = recorded.data as unknown as UserEvent['data'];
    const row = sql.get.get(sub, userId);
    if (!row) return undefined;
    const source = JSON.parse(row.source) as StoredSource;
    const { rowid, version: revision } = row;
    // `last` is this event until touched() records the user's next ones.
    return { sub, userId, source, revision, last: recorded, profileChange: undefined, rowid, indexed: true };
  }

  private documentOf(user: PendingUser, lastModified: string): JsonObject {
    return {
      ...userToScim(user.userId, user.source),
      meta: {
        resourceType: 'User',
        created: user.source.created,
        lastModified,
        version: `W/"${user.revision}"`,
      },
    };
  }

  private prepared(db: Database): Statements {
    this.statements ??= {
      get: db.prepare(
        `SELECT rowid, source, version FROM scim_resource WHERE sub = ? AND rtype = 'User' AND id = ?`,
      ),
      claim: db.prepare(
        `INSERT OR REPLACE INTO scim_resource (sub, rtype, id, json, version, source) VALUES (?, 'User', ?, '{}', ?, NULL)`,
      ),
      put: db.prepare(`UPDATE scim_resource SET json = ?, version = ?, source = ? WHERE rowid = ?`),
      remove: db.prepare(`DELETE FROM scim_resource WHERE sub = ? AND rtype = 'User' AND id = ?`),
    };
    return this.statements;
  }
}
