import { randomUUID } from 'node:crypto';
import { ServerWritableStream, status } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { grpcError, send } from './call-io';
import { EventFilter, NO_FILTER, eventFilter } from './event-filter';
import { InMemoryLog, StoredEvent } from './in-memory-log';
import {
  caughtUpResponse,
  checkpointResponse,
  confirmationResponse,
  eventResponse,
  streamName,
  streamNotFoundResponse,
} from './proto';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Options = ReadReq.Options;
const BACKWARDS = ReadReq.Options.ReadDirection.BACKWARDS;

/** Streams.Read: stream and $all reads, and catch-up subscriptions to a stream or to $all. */
export function readHandler(log: InMemoryLog) {
  return (call: ReadCall): void => {
    const options = call.request.getOptions();
    if (!options) {
      call.emit('error', grpcError(status.INVALID_ARGUMENT, 'read options missing'));
      return;
    }
    const run = options.hasSubscription() ? subscribe(log, call, options) : readOnce(log, call, options);
    run.then(
      () => {
        if (!call.cancelled) call.end();
      },
      (error: unknown) => {
        if (!call.cancelled) call.emit('error', grpcError(status.INTERNAL, String(error)));
      },
    );
  };
}

async function readOnce(log: InMemoryLog, call: ReadCall, options: Options): Promise<void> {
  const count = Number(options.getCount());
  const uuidOption = options.getUuidOption();
  const filter = options.hasAll() ? eventFilter(options) : NO_FILTER;
  let sent = 0;
  for (const event of options.hasAll() ? readAll(log, options) : readStream(log, call, options)) {
    if (sent >= count || call.cancelled) return;
    if (!filter.matches(event)) continue;
    await send(call, eventResponse(event, uuidOption));
    sent++;
  }
}

function* readStream(log: InMemoryLog, call: ReadCall, options: Options): Generator<StoredEvent> {
  const streamOptions = options.getStream()!;
  const name = streamName(streamOptions.getStreamIdentifier());
  const events = log.stream(name);
  if (!events) {
    call.write(streamNotFoundResponse(name));
    return;
  }
  const last = events.length - 1;
  if (options.getReadDirection() === BACKWARDS) {
    const from = streamOptions.hasRevision() ? Math.min(Number(streamOptions.getRevision()), last) : last;
    for (let revision = streamOptions.hasStart() ? -1 : from; revision >= 0; revision--)
      yield events[revision];
    return;
  }
  const from = streamOptions.hasRevision()
    ? Number(streamOptions.getRevision())
    : streamOptions.hasEnd()
      ? last + 1
      : 0;
  for (let revision = from; revision <= last; revision++) yield events[revision];
}

/** $all: forwards from a position is inclusive; backwards from a position yields what lies before it. */
function* readAll(log: InMemoryLog, options: Options): Generator<StoredEvent> {
  const all = options.getAll()!;
  const position = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
  if (options.getReadDirection() === BACKWARDS) {
    const end = position !== undefined ? log.indexFrom(position) : all.hasStart() ? 0 : log.length;
    for (let index = end - 1; index >= 0; index--) yield log.at(index);
    return;
  }
  const start = position !== undefined ? log.indexFrom(position) : all.hasEnd() ? log.length : 0;
  for (let index = start; index < log.length; index++) yield log.at(index);
}

/**
 * A catch-up subscription, the way EventStoreDB serves one: confirmation first, then history
 * strictly after the start point, "caught up", then live events. It pulls from the log by cursor,
 * so the catch-up/live handover can neither skip nor repeat an event.
 */
async function subscribe(log: InMemoryLog, call: ReadCall, options: Options): Promise<void> {
  const uuidOption = options.getUuidOption();
  const filter: EventFilter = options.hasAll() ? eventFilter(options) : NO_FILTER;
  const next = options.hasAll() ? allCursor(log, options) : streamCursor(log, options);
  await send(call, confirmationResponse(randomUUID()));
  let caughtUp = false;
  let considered = 0;
  let lastConsidered: bigint | undefined;
  while (!call.cancelled) {
    const event = next();
    if (event) {
      considered++;
      lastConsidered = event.position;
      if (filter.matches(event)) await send(call, eventResponse(event, uuidOption));
      else if (considered % filter.checkpointInterval === 0)
        await send(call, checkpointResponse(event.position));
      continue;
    }
    if (!caughtUp) {
      if (filter !== NO_FILTER && lastConsidered !== undefined)
        await send(call, checkpointResponse(lastConsidered));
      await send(call, caughtUpResponse());
      caughtUp = true;
    }
    await nextAppendOrEnd(log, call);
  }
}

/** Waits for the next append, or for the call to end; leaves no listener behind either way. */
function nextAppendOrEnd(log: InMemoryLog, call: ReadCall): Promise<void> {
  const ends = ['cancelled', 'close', 'error'];
  return new Promise((resolve) => {
    const done = (): void => {
      unsubscribe();
      for (const event of ends) call.off(event, done);
      resolve();
    };
    const unsubscribe = log.onAppend(done);
    for (const event of ends) call.on(event, done);
  });
}

/** Subscriptions start after the given position (exclusive), unlike reads. */
function allCursor(log: InMemoryLog, options: Options): () => StoredEvent | undefined {
  const all = options.getAll()!;
  let index = all.hasPosition()
    ? log.indexAfter(BigInt(all.getPosition()!.getCommitPosition()))
    : all.hasEnd()
      ? log.length
      : 0;
  return () => (index < log.length ? log.at(index++) : undefined);
}

/** A stream subscription starts after the given revision; the stream may not exist yet. */
function streamCursor(log: InMemoryLog, options: Options): () => StoredEvent | undefined {
  const streamOptions = options.getStream()!;
  const name = streamName(streamOptions.getStreamIdentifier());
  let revision = streamOptions.hasRevision()
    ? Number(streamOptions.getRevision()) + 1
    : streamOptions.hasEnd()
      ? (log.stream(name)?.length ?? 0)
      : 0;
  return () => {
    const event = log.stream(name)?.[revision];
    if (event) revision++;
    return event;
  };
}
