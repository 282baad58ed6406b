export { DuplicateEventIdError } from './duplicate-event-id.error';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
