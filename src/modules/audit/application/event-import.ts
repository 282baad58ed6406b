import { AppendResult, EventStore } from '../../../platform/event-store/event-store.port';
import { Position, comparePositions, formatPosition } from '../../../platform/event-store/position';
import { NewerEventLogError, stampEventVersions } from '../../../platform/es/event-version-stamp';
import { ImportPart, ImportParts, ImportWindows } from '../domain/import-appends';
import { ImportFileCheck } from '../domain/import-file-check';
import { ImportLineError, ImportedEvent, parseImportLine } from '../domain/import-line';

/** Nothing was written: the file or the target does not allow the import (the message says why). */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

/** The store refused or failed an append: the events before it are stored, none after. */
export class ImportStoppedError extends Error {
  constructor(
    message: string,
    readonly imported: number,
  ) {
    super(message);
    this.name = 'ImportStoppedError';
  }
}

export interface ImportOptions {
  /** The target may hold events: resume an interrupted import, or the next file of a series. */
  continue: boolean;
  /** Called often (every window or so); the caller decides what to show. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The event types the target's build reads, with their schema versions: the file is checked
   * against them in pass 1, and the target's event version stamp before anything is appended.
   */
  knownVersions?: ReadonlyMap<string, number>;
}

export interface ImportProgress {
  phase: 'check' | 'append';
  /** Events checked (pass 1) or handed to the store and stored (pass 2). */
  events: number;
  /** Events of the file (known from pass 2 on). */
  total: number | null;
}

export interface ImportReport {
  /** Events of the file, all stored now. */
  events: number;
  /** Of those, stored before this run (an idempotent retry of an earlier import). */
  alreadyStored: number;
  /** Source positions the file spans. */
  first: Position | null;
  last: Position | null;
}

/** Opens the file again for each pass, its lines in order. */
export type ReadLines = () => AsyncIterable<string>;

/**
 * Appends an export file's events, in file order, into `store`: pass 1 checks the whole file
 * (nothing written on any problem), pass 2 appends. Appends are idempotent retries for events
 * already stored the same way, so re-running the same file with `continue` resumes it.
 */
export async function importEvents(
  store: EventStore,
  readLines: ReadLines,
  options: ImportOptions,
): Promise<ImportReport> {
  const head = await store.headPosition();
  if (head !== null && !options.continue)
    throw new ImportRefusedError(
      `the target already holds events (up to position ${formatPosition(head)}); nothing imported. ` +
        'Import into an empty store, or pass --continue to resume an interrupted import of this file ' +
        'or to import the next export of an incremental series.',
    );
  const { firstContinued, ...summary } = await checkFile(readLines, head === null, options);
  if (firstContinued) await checkTargetHolds(store, firstContinued);
  if (options.knownVersions) await stampTarget(store, options.knownVersions);
  const alreadyStored = await appendFile(store, readLines, head, summary.events, options.onProgress);
  return { ...summary, alreadyStored };
}

/** As a server at start: a target stamped by a newer build is refused, else its stamp is raised first. */
async function stampTarget(store: EventStore, known: ReadonlyMap<string, number>): Promise<void> {
  try {
    await stampEventVersions(store, known, 'the target');
  } catch (error) {
    if (error instanceof NewerEventLogError)
      throw new ImportRefusedError(`${error.message} Nothing imported.`);
    throw error;
  }
}

/**
 * A file continuing streams (an incremental export) needs the file before it in the target. One
 * probe, on the first stream it continues, catches a series imported out of order before any
 * write; a miss elsewhere is still refused by the store, at that append.
 */
async function checkTargetHolds(
  store: EventStore,
  { line, stream, revision }: { line: number; stream: string; revision: number },
): Promise<void> {
  let held = -1;
  for await (const event of store.readStream(stream, { direction: 'backwards', maxCount: 1 }))
    held = event.revision;
  if (held < revision - 1)
    throw new ImportRefusedError(
      `line ${line}: stream ${stream} continues at revision ${revision}, but the target holds ` +
        `${held < 0 ? 'no such stream' : `it up to revision ${held}`}: this file continues an earlier ` +
        'export; import that one first; nothing imported',
    );
}

/** How often pass 1 reports progress, in lines. */
const CHECK_PROGRESS_EVERY = 10_000;

async function checkFile(
  readLines: ReadLines,
  targetEmpty: boolean,
  { onProgress, knownVersions }: ImportOptions,
) {
  const check = new ImportFileCheck(targetEmpty, knownVersions);
  try {
    for await (const { imported, line } of importedEvents(readLines())) {
      check.check(imported, line);
      if (line % CHECK_PROGRESS_EVERY === 0) onProgress?.({ phase: 'check', events: line, total: null });
    }
  } catch (error) {
    if (error instanceof ImportLineError) throw new ImportRefusedError(`${error.message}; nothing imported`);
    throw error;
  }
  return check.summary();
}

/** Pass 2. Answers how many events were stored before (their append's position is at or before `head`). */
async function appendFile(
  store: EventStore,
  readLines: ReadLines,
  head: Position | null,
  total: number,
  onProgress: ImportOptions['onProgress'],
): Promise<number> {
  let done = 0;
  let alreadyStored = 0;
  const write = async (parts: ImportPart[]) => {
    const results = await appendParts(store, parts, done);
    parts.forEach((part, i) => {
      if (head !== null && comparePositions(results[i].position, head) <= 0)
        alreadyStored += part.events.length;
      done += part.events.length;
    });
    onProgress?.({ phase: 'append', events: done, total });
  };
  // One append in flight, never two (the file's order is the $all order), while the next is parsed.
  let pending: Promise<void> = Promise.resolve();
  let failure: unknown;
  const send = async (parts: ImportPart[]) => {
    await pending;
    if (failure !== undefined) throw failure;
    pending = write(parts).catch((error: unknown) => {
      failure = error;
    });
  };
  const atomic = store.appendAtomically !== undefined;
  const cut = new ImportParts();
  const windows = new ImportWindows();
  const next = async (part: ImportPart | undefined) => {
    if (part === undefined) return;
    if (!atomic) return send([part]);
    const window = windows.add(part);
    if (window) await send(window);
  };
  try {
    for await (const { imported, line } of importedEvents(readLines())) await next(cut.add(imported, line));
  } catch (error) {
    await pending;
    // The file changed since pass 1: stop where it did.
    if (error instanceof ImportLineError)
      throw new ImportStoppedError(`${error.message} (changed since the check?)`, done);
    throw error;
  }
  await next(cut.end());
  if (atomic) {
    const last = windows.end();
    if (last) await send(last);
  }
  await pending;
  if (failure !== undefined) throw failure;
  return alreadyStored;
}

/** One atomic append of the parts (one part without appendAtomically); store errors name the line. */
async function appendParts(store: EventStore, parts: ImportPart[], before: number): Promise<AppendResult[]> {
  try {
    if (store.appendAtomically) return await store.appendAtomically(parts);
    const [part] = parts;
    return [await store.append(part.streamId, part.events, part.expected)];
  } catch (error) {
    const streamId = (error as { streamId?: unknown }).streamId;
    const part = parts.find((p) => p.streamId === streamId) ?? parts[0];
    const said = error instanceof Error ? error.message : String(error);
    throw new ImportStoppedError(
      `line ${part.line}: the append to stream ${part.streamId} failed: ${said}. ` +
        `${before} events were imported before it; none after.`,
      before,
    );
  }
}

/** The file's events with their line numbers; blank lines are allowed only at the end. */
async function* importedEvents(
  lines: AsyncIterable<string>,
): AsyncGenerator<{ imported: ImportedEvent; line: number }> {
  let line = 0;
  let blank: number | undefined;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') {
      blank ??= line;
      continue;
    }
    if (blank !== undefined) throw new ImportLineError(blank, 'an empty line between events');
    yield { imported: parseImportLine(text, line), line };
  }
}
