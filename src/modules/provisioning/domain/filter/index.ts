export * from './filter.ast';
export { FilterError } from './filter.error';
export { parseFilter } from './filter.parser';
export { parseAttributeList, parseSortBy, parseSortOrder } from './attribute-list.parser';
export { normalizeScimDateTime } from './scim-date-time';
export type { SortOrder } from './attribute-list.parser';
