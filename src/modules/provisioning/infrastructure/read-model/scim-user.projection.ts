import type { Database, Statement } from 'better-sqlite3';
import { JsonObject, RecordedEvent } from '../../../../platform/event-store/event-store.port';
import { Projection } from '../../../../platform/read-model/projection';
import { USER_EVENT_TYPES, userEventOf } from '../../../identity/contracts/user.events';
import { StoredUserSource, storedUserDocument } from '../../domain/user/stored-user-document';
import { BulkIndexWrites, startBulkIndexWrites } from './bulk-index/bulk-index-writer';
import {
  IndexRow,
  IndexWrites,
  SCIM_VALUE_INDEX_DDL,
  claimScope,
  directIndexWrites,
  dropScimValueIndex,
  indexRowsFor,
} from './scim-query';
import { createScimResourceTables, docOf } from './scim-resource.tables';

/** A user changed by the current batch, written once when the batch ends. */
interface PendingUser {
  sub: string;
  userId: string;
  source: StoredUserSource;
  revision: number;
  /** The user's last event in the batch: when it was recorded is the document's lastModified. */
  last: RecordedEvent;
  /** The user's last profile change in the batch, read when the batch ends (the others never are). */
  profileChange: RecordedEvent | undefined;
  /** Of the user's scim_resource row: the document is rewritten in place, index rows name it. */
  doc: number;
  /**
   * The row is not written yet (a bulk load: a stream's first user is inserted once, whole, at
   * the end of the batch, instead of as a placeholder rewritten there).
   */
  unwritten: boolean;
  scope: number;
  /** scim_attr may hold rows of this user (false: its stream starts in this batch). */
  indexed: boolean;
  /** The rows scim_attr holds for this user, when known (see heldRows); else they are read. */
  held?: IndexRow[];
  /** The document its row holds already: written whole when its creation was applied. */
  stored?: StoredDocument;
}

/** A user's document as written to scim_resource, at `revision`. */
interface StoredDocument {
  revision: number;
  resource: JsonObject;
  json: string;
}

interface Statements {
  get: Statement<[string, string], { doc: number; scope: number; source: string; version: number }>;
  claim: Statement<[number, string, string, number], number>;
  create: Statement<[number, string, string, string, number, string], number>;
  insert: Statement<[number, string, string, string, number, string]>;
  put: Statement<[string, number, string, number]>;
  remove: Statement<[string, string], number>;
}

const USER_EVENTS = new Set<string>(USER_EVENT_TYPES);

/**
 * Identity's user events to SCIM User documents and their attribute index. Write-behind: the
 * document and its index rows are written once per user per batch (endBatch), not once per
 * event, so a replay of a user's history costs one index write per batch. A new user's row is
 * inserted at once, whole, so other projections see that it exists within the batch; endBatch
 * writes it again only when later events of the batch changed it.
 * In a bulk load a new user's row is inserted once, whole, at the end of the batch (the groups
 * projection then applies its events), and the index rows, written without reading the stored
 * ones, go to the bulk load's index thread (shared with the groups projection), which builds
 * scim_attr on the other core, and scim_attr_value when the load ends.
 */
export class ScimUserProjection implements Projection {
  readonly name = 'scim-users';
  // 3: schemas, meta.resourceType and meta.version are no longer rows of scim_attr.
  // 4: narrow scim_attr (scope, doc) and scim_resource.doc.
  // 5: caseExact=false keys are caselessKey (NFC, final sigma), not toLowerCase alone.
  // 6: meta.created and lastModified are the events' recorded times (metadata.timestamp), the
  //    times of the history and of ?asOf=, not the decision's `at` (0 to 90 ms earlier).
  readonly version = 6;
  private statements: Statements | undefined;
  private readonly pending = new Map<string, PendingUser>();
  private bulkLoading = false;
  private directWrites: IndexWrites | undefined;
  /** During a bulk load: where scim_attr's writes go. */
  private bulkWrites: BulkIndexWrites | undefined;
  /** During a bulk load: the scope of each subscription seen (never renumbered, see claimScope). */
  private readonly bulkScopes = new Map<string, number>();

  setup(db: Database): void {
    createScimResourceTables(db);
  }

  beginBulkLoad(db: Database): void {
    this.bulkLoading = true;
    this.bulkScopes.clear();
    dropScimValueIndex(db);
    this.bulkWrites = startBulkIndexWrites(db);
  }

  async settleBulkLoad(): Promise<void> {
    await this.bulkWrites?.finish();
  }

  bulkLoadDeferredSql(): readonly string[] {
    return this.bulkWrites?.buildsValueIndex ? [] : [SCIM_VALUE_INDEX_DDL];
  }

  endBulkLoad(): void {
    this.bulkLoading = false;
    this.bulkScopes.clear();
    this.bulkWrites = undefined;
  }

  reset(db: Database): void {
    this.pending.clear();
    this.bulkScopes.clear();
    // Only the users' scopes: the groups projection keeps its own rows (it may not be reset).
    db.exec(`DELETE FROM scim_attr WHERE scope IN (SELECT scope FROM scim_scope WHERE rtype = 'User');
             DELETE FROM scim_resource WHERE rtype = 'User'; DELETE FROM scim_scope WHERE rtype = 'User';`);
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
    const event = userEventOf(recorded);
    if (!event) return;
    const { subscription: sub, userId } = event.data;
    if (event.type === 'UserDeleted') {
      this.pending.delete(key);
      const doc = sql.remove.get(sub, userId);
      if (doc !== undefined) this.indexWrites(db).remove(doc);
      return;
    }
    if (event.type === 'UserProvisioned') {
      const { profile, active, managerId } = event.data;
      const source = { profile, active, managerId, created: recorded.metadata.timestamp };
      // The creation's position (not an insertion counter): a replay in other batch sizes
      // gives the same docs and scopes. An existing row (a stream that does not start here)
      // keeps its doc.
      const position = docOf(recorded.position);
      // A bulk load starts on empty tables: a stream's first event finds no row, and the row is
      // written once, whole, when the batch ends. Nothing reads it before: the groups projection
      // applies a bulk load's events at the end of the batch, after this one has written its rows.
      const unwritten = this.bulkLoading && recorded.revision === 0;
      // Outside a bulk load the row is written whole now, so that other projections see the user
      // within the batch; endBatch writes it again only if later events of the batch change it.
      const stored = unwritten ? undefined : documentOf(userId, source, recorded.revision, recorded);
      const doc = stored
        ? sql.create.get(position, sub, userId, stored.json, recorded.revision, JSON.stringify(source))!
        : position;
      const scope = this.scopeOf(db, sub, position);
      // Index rows are keyed by the user's stream: none exist before its first event.
      const indexed = recorded.revision !== 0;
      this.pending.set(key, {
        sub,
        userId,
        source,
        revision: recorded.revision,
        last: recorded,
        profileChange: undefined,
        doc,
        unwritten,
        scope,
        indexed,
        stored,
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
    const index = this.indexWrites(db);
    for (const user of this.pending.values()) {
      const { resource, json } = this.written(sql, user);
      if (this.bulkLoading || !user.indexed) {
        // Nothing to diff against: a new user (every POST) or a bulk load; one multi-row insert.
        if (user.indexed) index.remove(user.doc);
        index.insert(user, 'User', resource, json);
      } else {
        index.replace(user, 'User', resource, json, user.held);
      }
    }
    this.pending.clear();
    this.bulkWrites?.send();
  }

  /** Writes the user's document as the batch leaves it, unless its row holds that one already. */
  private written(sql: Statements, user: PendingUser): StoredDocument {
    if (user.stored?.revision === user.revision) return user.stored;
    const change = user.profileChange && userEventOf(user.profileChange);
    if (change?.type === 'UserProfileChanged') user.source.profile = change.data.profile;
    const written = documentOf(user.userId, user.source, user.revision, user.last);
    const { json } = written;
    const source = JSON.stringify(user.source);
    if (!user.unwritten) sql.put.run(json, user.revision, source, user.doc);
    else if (sql.insert.run(user.doc, user.sub, user.userId, json, user.revision, source).changes === 0) {
      // A row was there after all (a bulk load on tables that were not empty): taken over, as
      // outside a bulk load, with its doc.
      user.doc = sql.claim.get(user.doc, user.sub, user.userId, user.revision)!;
      user.indexed = true;
      sql.put.run(json, user.revision, source, user.doc);
    }
    return written;
  }

  private indexWrites(db: Database): IndexWrites {
    return this.bulkWrites?.writes ?? (this.directWrites ??= directIndexWrites(db));
  }

  /** claimScope, remembered during a bulk load (a statement and a read less per new user). */
  private scopeOf(db: Database, sub: string, position: number): number {
    if (!this.bulkLoading) return claimScope(db, sub, 'User', position);
    let scope = this.bulkScopes.get(sub);
    if (scope === undefined) {
      scope = claimScope(db, sub, 'User', position);
      this.bulkScopes.set(sub, scope);
    }
    return scope;
  }

  private touched(user: PendingUser, recorded: RecordedEvent): void {
    user.revision = recorded.revision;
    user.last = recorded;
    this.pending.set(recorded.streamId, user);
  }

  /** The stored user the event belongs to (reads its data: the user's key). */
  private load(sql: Statements, recorded: RecordedEvent): PendingUser | undefined {
    const { subscription: sub, userId } = userEventOf(recorded)!.data;
    const row = sql.get.get(sub, userId);
    if (!row) return undefined;
    const source = JSON.parse(row.source) as StoredUserSource;
    const { doc, scope, version: revision } = row;
    // `last` is this event until touched() records the user's next ones.
    return {
      sub,
      userId,
      source,
      revision,
      last: recorded,
      profileChange: undefined,
      doc,
      unwritten: false,
      scope,
      indexed: true,
      // A bulk load's index thread reads them itself: computed for nothing there.
      held: this.bulkLoading ? undefined : heldRows(userId, source, revision),
    };
  }

  private prepared(db: Database): Statements {
    this.statements ??= {
      get: db.prepare(
        `SELECT r.doc, s.scope, r.source, r.version FROM scim_resource r
         CROSS JOIN scim_scope s ON s.sub = r.sub AND s.rtype = r.rtype
         WHERE r.sub = ? AND r.rtype = 'User' AND r.id = ?`,
      ),
      claim: db
        .prepare<[number, string, string, number], number>(
          `INSERT INTO scim_resource (doc, sub, rtype, id, json, version, source) VALUES (?, ?, 'User', ?, '{}', ?, NULL)
           ON CONFLICT (sub, rtype, id) DO UPDATE SET json = '{}', version = excluded.version, source = NULL
           RETURNING doc`,
        )
        .pluck(),
      create: db
        .prepare<[number, string, string, string, number, string], number>(
          `INSERT INTO scim_resource (doc, sub, rtype, id, json, version, source) VALUES (?, ?, 'User', ?, ?, ?, ?)
           ON CONFLICT (sub, rtype, id) DO UPDATE SET json = excluded.json, version = excluded.version, source = excluded.source
           RETURNING doc`,
        )
        .pluck(),
      insert: db.prepare(
        `INSERT INTO scim_resource (doc, sub, rtype, id, json, version, source) VALUES (?, ?, 'User', ?, ?, ?, ?)
         ON CONFLICT (sub, rtype, id) DO NOTHING`,
      ),
      put: db.prepare(`UPDATE scim_resource SET json = ?, version = ?, source = ? WHERE doc = ?`),
      remove: db
        .prepare<[string, string], number>(
          `DELETE FROM scim_resource WHERE sub = ? AND rtype = 'User' AND id = ? RETURNING doc`,
        )
        .pluck(),
    };
    return this.statements;
  }
}

/** The user's document at `revision`, last modified by `last`, as stored. */
function documentOf(
  userId: string,
  source: StoredUserSource,
  revision: number,
  last: RecordedEvent,
): StoredDocument {
  const resource = storedUserDocument(userId, source, revision, last.metadata.timestamp);
  return { revision, resource, json: JSON.stringify(resource) };
}

/**
 * The rows scim_attr holds for a stored user: those of the document endBatch stored with this
 * source (the same function, on the same source), but for meta.lastModified, which the source
 * does not keep. Left out, that row is written as a new one: every write changes it anyway.
 * Computed before the batch changes `source`.
 */
function heldRows(userId: string, source: StoredUserSource, revision: number): IndexRow[] {
  return indexRowsFor('User', storedUserDocument(userId, source, revision, ''));
}
