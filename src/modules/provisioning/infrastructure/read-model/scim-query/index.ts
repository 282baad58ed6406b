export {
  createScimIndexSchema,
  SCIM_VALUE_INDEX_DDL,
  scimValueIndexDdl,
  dropScimValueIndex,
  SCIM_INDEX_DDL,
  scopeSql,
} from './scim-index.schema';
export { indexRowsFor } from './scim-index.rows';
export type { IndexRow } from './scim-index.rows';
export { claimScope, deleteIndexRows, insertIndexRows, replaceIndexRows } from './scim-index.store';
export type { IndexedResource } from './scim-index.store';
export { directIndexWrites } from './index-writes';
export type { IndexWrites } from './index-writes';
export { drivingTermSql, translateFilter } from './filter-to-sql';
export { translateSort } from './sort-to-sql';
export type { SqlFragment, SqlParam } from './sql-fragment';
export { raw, sql } from './sql-fragment';
export { GROUPED, ListSqlTexts } from './list-sql';
