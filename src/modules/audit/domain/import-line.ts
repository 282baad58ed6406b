import { EventMetadata, JsonObject, NewEvent } from '../../../platform/event-store/event-store.port';
import { Position, parsePosition } from '../../../platform/event-store/position';

/** One event of an export file (a line of GET /admin/v1/events or `npm run events:export`). */
export interface ImportedEvent {
  /** Where the event stood in the exported log; the target store gives it a position of its own. */
  sourcePosition: Position;
  stream: string;
  revision: number;
  event: NewEvent;
}

/** A line that is not an exported event; `line` is 1-based, as editors count. */
export class ImportLineError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'ImportLineError';
  }
}

const POSITION = /^\d+(:\d+)?$/;

/**
 * Reads one NDJSON line back into the event it was exported from, exactly as stored (data in
 * its stored schema version: upcasters apply when the target is read, as they did at the source).
 */
export function parseImportLine(text: string, line: number): ImportedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ImportLineError(line, 'not JSON (a truncated or edited file?)');
  }
  const fail = (reason: string): never => {
    throw new ImportLineError(line, reason);
  };
  if (!isObject(value)) return fail('not a JSON object');
  const { position, stream, revision, id, type, data, metadata } = value;
  if (typeof position !== 'string' || !POSITION.test(position))
    fail('"position" must be a log position such as "42"');
  if (typeof stream !== 'string' || stream === '') fail('"stream" must be a non-empty string');
  // EventStoreDB hides '$' streams and types from $all as its own: such an event would vanish.
  if ((stream as string).startsWith('$')) fail('"stream" must not start with "$" (a system stream)');
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0)
    fail('"revision" must be an integer from 0');
  if (typeof id !== 'string' || id === '') fail('"id" must be a non-empty string');
  if (typeof type !== 'string' || type === '') fail('"type" must be a non-empty string');
  if ((type as string).startsWith('$')) fail('"type" must not start with "$" (a system event)');
  if (!isObject(data)) fail('"data" must be a JSON object');
  return {
    sourcePosition: parsePosition(position as string),
    stream: stream as string,
    revision: revision as number,
    event: {
      id: id as string,
      type: type as string,
      data: data as JsonObject,
      metadata: parseMetadata(metadata, fail),
    },
  };
}

function parseMetadata(value: unknown, fail: (reason: string) => never): EventMetadata {
  if (!isObject(value)) return fail('"metadata" must be a JSON object');
  const { schemaVersion, correlationId, causationId, actor, timestamp } = value;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
    fail('"metadata.schemaVersion" must be an integer from 1');
  if (typeof correlationId !== 'string') fail('"metadata.correlationId" must be a string');
  if (causationId !== null && typeof causationId !== 'string')
    fail('"metadata.causationId" must be a string or null');
  if (typeof actor !== 'string' || actor === '') fail('"metadata.actor" must be a non-empty string');
  if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))
    fail('"metadata.timestamp" must be an ISO-8601 time');
  // The stored metadata whole, keys it may carry beyond these included: the archive is the truth.
  return value as unknown as EventMetadata;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
