import type BetterSqlite3 from 'better-sqlite3';
import { JsonObject } from '../../../../../platform/event-store/event-store.port';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { IndexRow, indexRowsFor } from './scim-index.rows';
import { IndexedResource, deleteIndexRows, insertIndexRows, replaceIndexRows } from './scim-index.store';

/**
 * The projections' writes to scim_attr, by resource. `json` is the document as the projection
 * stored it in scim_resource (the same text): a writer on another thread indexes that instead
 * of a copy of the object.
 */
export interface IndexWrites {
  /** The resource has no rows yet (or the caller removed them first). */
  insert(resource: IndexedResource, type: ResourceTypeName, document: JsonObject, json: string): void;
  /**
   * Makes the document's rows the resource's only ones (touches only the rows that differ).
   * `held`: the rows the resource has now, when the caller knows them exactly; a writer may use
   * them instead of reading them.
   */
  replace(
    resource: IndexedResource,
    type: ResourceTypeName,
    document: JsonObject,
    json: string,
    held?: readonly IndexRow[],
  ): void;
  remove(doc: number): void;
}

/** The writes on the projection's own connection, in its transaction. */
export function directIndexWrites(db: BetterSqlite3.Database): IndexWrites {
  return {
    insert: (resource, type, document) => insertIndexRows(db, resource, indexRowsFor(type, document)),
    replace: (resource, type, document, _json, held) =>
      replaceIndexRows(db, resource, indexRowsFor(type, document), held),
    remove: (doc) => deleteIndexRows(db, doc),
  };
}
