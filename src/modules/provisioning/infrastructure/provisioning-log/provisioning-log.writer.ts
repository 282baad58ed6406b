import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { ProvisioningLogRow, WRITER_SQL, provisioningLogRow } from './provisioning-log.database';
import { ProvisioningLogEntry } from './provisioning-log.entry';
import { LogThrottle } from '../../../../platform/logging/log-throttle';

// Large batches: one transaction, and one WAL commit, for many entries (measured when the log
// still had its resource index: 500 rows ~23 us/entry of worker CPU, 4000 ~14 us). Readers do
// not wait for it: query() syncs first.
const FLUSH_AFTER_MS = 500;
const FLUSH_AT_ROWS = 4000;
// What a process crash loses is what is still buffered. Writes and refusals are what support
// looks for (a refused create is recorded nowhere else but the logs), so they go within 50 ms;
// successful reads, the bulk, wait for the large batch.
const FLUSH_WRITES_AND_ERRORS_AFTER_MS = 50;
// A failed insert (a full disk) keeps its entries to write them before the next ones, up to this
// many (~10 MB): a disk full for a while loses nothing; beyond it the oldest are given up, counted.
const MAX_HELD_ENTRIES = 20_000;
const RETRY_HELD_AFTER_MS = 1000;
// The lookups by resource and subject take the new entries in batches (provisioning-log.lookups.ts):
// every 10 s, or sooner past 50,000 entries. A query by resource or subject reads the entries
// not copied yet from the log by rowid: about this many at most.
const LOOKUP_BATCH_MS = 10_000;
const LOOKUP_BATCH_ROWS = 50_000;

/** How long an entry may wait in memory before it is handed to the writer. */
function flushDelayFor(entry: Pick<ProvisioningLogEntry, 'method' | 'status'>): number {
  return entry.method === 'GET' && entry.status < 400 ? FLUSH_AFTER_MS : FLUSH_WRITES_AND_ERRORS_AFTER_MS;
}

type Request = { kind: 'insert'; entries: ProvisioningLogRow[] } | { kind: 'close' } | Question;
type Question = { kind: 'sync'; id: number } | { kind: 'purge'; id: number; cutoff: number };
type Reply =
  | { kind: 'done'; id?: number; deleted?: number }
  | { kind: 'failed'; id?: number; message: string }
  | { kind: 'insert-failed'; message: string; held: number; dropped: number }
  | { kind: 'recovered'; delayed: number; dropped: number };

/**
 * The worker thread that owns the log's writes (inserts and purges): their index updates cost
 * about 20 us of CPU per entry, which would otherwise be taken from SCIM on the event loop.
 * Plain JavaScript evaluated as is, so that it runs the same from dist and under ts-jest; the
 * SQL comes from WRITER_SQL.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
// 2 MiB of pages instead of better-sqlite3's 16: the writer appends and copies sorted batches,
// reading each page once; the same CPU per entry (bench:log) and 15 to 18 MB less RSS at 150,000
// users (docs/performance.md, session 21).
db.pragma('cache_size = -2048');
// A checkpoint every 10,000 pages (~40 MB of WAL) instead of SQLite's 1,000: a page rewritten by
// many commits meanwhile (the last pages of the log and its time index) is copied back once
// (docs/performance.md, session 18).
db.pragma('wal_autocheckpoint = 10000');
const sql = workerData.sql;
const insert = db.prepare(sql.insert);
const insertAll = db.transaction((entries) => { for (const entry of entries) insert.run(entry); });
const firstKept = db.prepare(sql.firstKept).pluck();
const purgeChunkEnd = db.prepare(sql.purgeChunkEnd).pluck();
const purgeLookups = sql.lookups.purge.map((text) => db.prepare(text));
const purgeThrough = db.prepare(sql.purgeThrough);
const clampThrough = db.prepare(sql.lookups.clampThrough);
const purgeChunk = db.transaction((boundary) => {
  const end = purgeChunkEnd.get(boundary);
  if (end === null) return 0;
  for (const statement of purgeLookups) statement.run(end);
  const { changes } = purgeThrough.run(end);
  clampThrough.run();
  return changes;
});
const lookupsThrough = db.prepare(sql.lookups.through).pluck();
const lastId = db.prepare(sql.lookups.lastId).pluck();
const copyToLookups = sql.lookups.copy.map((text) => db.prepare(text));
const setThrough = db.prepare(sql.lookups.setThrough);
const copyBatch = db.transaction(() => {
  const from = lookupsThrough.get();
  const to = lastId.get();
  if (to <= from) return;
  for (const statement of copyToLookups) statement.run(from, to);
  setThrough.run(to);
});
// Entries written since the lookups' last batch, and the timer of the next one.
let uncopied = 0;
let lookupTimer;
function copyLookups() {
  clearTimeout(lookupTimer);
  lookupTimer = undefined;
  uncopied = 0;
  try {
    copyBatch();
  } catch (error) {
    // Nothing is lost: the entries stay found through the log until a later batch copies them.
    parentPort.postMessage({ kind: 'failed', message: 'lookup batch: ' + String((error && error.message) || error) });
  }
}
function written(count) {
  uncopied += count;
  if (uncopied >= workerData.lookupBatchRows) copyLookups();
  else if (lookupTimer === undefined) lookupTimer = setTimeout(copyLookups, workerData.lookupBatchMs);
}
// Entries a crash left uncopied: in the next batch, even if none are written after them.
if (lastId.get() > lookupsThrough.get()) written(0);
// Entries not written yet, oldest first: the batch being written, or those a failed insert left
// (then a retry is due: new batches join them meanwhile, instead of each failing on its own). And
// how many of the oldest were given up beyond maxHeld since the failure.
let held = [];
let dropped = 0;
let failing = false;
let retry;
function write(entries) {
  held = held.length === 0 ? entries : held.concat(entries);
  if (held.length > workerData.maxHeld) {
    dropped += held.length - workerData.maxHeld;
    held = held.slice(held.length - workerData.maxHeld);
  }
  if (retry !== undefined || held.length === 0) return;
  try {
    insertAll(held);
    if (failing) parentPort.postMessage({ kind: 'recovered', delayed: held.length, dropped });
    written(held.length);
    held = [];
    dropped = 0;
    failing = false;
  } catch (error) {
    failing = true;
    // A storage that cannot write now is waited for; an entry SQLite refuses would be forever.
    const waitable = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|NOMEM)/.test((error && error.code) || '');
    if (!waitable) {
      dropped += held.length;
      held = [];
    }
    parentPort.postMessage({ kind: 'insert-failed', message: String((error && error.message) || error), held: held.length, dropped });
    if (waitable) retry = setTimeout(() => { retry = undefined; write([]); }, workerData.retryAfterMs);
  }
}
/** Now, not at the retry's time: before a reader's query, or the end. */
function writeHeld() {
  clearTimeout(retry);
  retry = undefined;
  write([]);
}
function purge(cutoff) {
  const boundary = firstKept.get(cutoff) ?? Number.MAX_SAFE_INTEGER;
  let deleted = 0;
  for (;;) {
    const changes = purgeChunk(boundary);
    deleted += changes;
    if (changes < 5000) return deleted;
  }
}
parentPort.on('message', (message) => {
  try {
    if (message.kind === 'insert') write(message.entries);
    else if (message.kind === 'purge') parentPort.postMessage({ kind: 'done', id: message.id, deleted: purge(message.cutoff) });
    else if (message.kind === 'sync') { writeHeld(); parentPort.postMessage({ kind: 'done', id: message.id }); }
    else if (message.kind === 'close') { writeHeld(); clearTimeout(retry); copyLookups(); db.close(); parentPort.close(); }
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', id: message.id, message: String((error && error.message) || error) });
  }
});
`;

/**
 * Buffers entries on the event loop and hands them to the worker every ~500 ms or 4000 entries
 * (within 50 ms of a write or a refusal: see flushDelayFor). The log must never break or slow
 * SCIM: a failed write is logged and its entries kept to be written first once the disk takes
 * them again, up to MAX_HELD_ENTRIES (beyond them the oldest are given up, and counted in the log).
 */
export class ProvisioningLogWriter {
  private buffer: ProvisioningLogRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushDue = 0;
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (deleted: number) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private exited: Promise<void>;
  // While the disk stays full every batch fails: one log line per 10 s, with the counts.
  private readonly failureLog = new LogThrottle(10_000);

  constructor(
    file: string,
    private readonly logger: Logger,
    { lookupBatchMs = LOOKUP_BATCH_MS, lookupBatchRows = LOOKUP_BATCH_ROWS } = {},
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        driver: require.resolve('better-sqlite3'),
        sql: WRITER_SQL,
        maxHeld: MAX_HELD_ENTRIES,
        retryAfterMs: RETRY_HELD_AFTER_MS,
        lookupBatchMs,
        lookupBatchRows,
      },
    });
    // A forgotten close() must not keep the process alive; close() holds it until the end.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'provisioning log writer failed'));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.rejectWaiting(new Error('the provisioning log writer has stopped')));
  }

  record(entry: ProvisioningLogEntry): void {
    this.buffer.push(provisioningLogRow(entry));
    if (this.buffer.length >= FLUSH_AT_ROWS) return this.flush();
    const due = performance.now() + flushDelayFor(entry);
    if (this.timer && this.flushDue <= due) return;
    clearTimeout(this.timer);
    this.flushDue = due;
    this.timer = setTimeout(() => this.flush(), due - performance.now()).unref();
  }

  /** Resolves once everything recorded so far is written (readers then find it). */
  async sync(): Promise<void> {
    this.flush();
    await this.ask((id) => ({ kind: 'sync', id }));
  }

  /** Deletes the entries older than `cutoff` (epoch ms); resolves with how many. */
  purge(cutoff: number): Promise<number> {
    return this.ask((id) => ({ kind: 'purge', id, cutoff }));
  }

  /** Writes what is buffered, then stops the worker. */
  async close(): Promise<void> {
    this.worker.ref();
    this.flush();
    this.send({ kind: 'close' });
    await this.exited;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const entries = this.buffer;
    this.buffer = [];
    this.send({ kind: 'insert', entries });
  }

  private ask(request: (id: number) => Question): Promise<number> {
    const id = ++this.nextId;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send(request(id));
    });
  }

  private send(request: Request): void {
    try {
      this.worker.postMessage(request);
    } catch (error) {
      this.logger.error({ err: error }, 'provisioning log: entries dropped');
    }
  }

  private settle(reply: Reply): void {
    if (reply.kind === 'insert-failed') return this.insertFailed(reply);
    if (reply.kind === 'recovered') {
      this.failureLog.reset();
      const { delayed, dropped } = reply;
      return this.logger.warn(
        { delayed, dropped },
        'provisioning log written again: the entries held since the failure are written' +
          (dropped > 0 ? `, ${dropped} older ones were given up` : ''),
      );
    }
    const waiter = reply.id === undefined ? undefined : this.waiting.get(reply.id);
    if (reply.id !== undefined) this.waiting.delete(reply.id);
    if (reply.kind === 'done') return waiter?.resolve(reply.deleted ?? 0);
    if (waiter) waiter.reject(new Error(reply.message));
    else this.logger.error({ reason: reply.message }, 'provisioning log failed');
  }

  private insertFailed({ message, held, dropped }: { message: string; held: number; dropped: number }): void {
    if (!this.failureLog.say()) return;
    this.logger.error(
      { reason: message, held, dropped, maxHeld: MAX_HELD_ENTRIES },
      'provisioning log write failed; its entries are held and written once it can write again',
    );
  }

  private rejectWaiting(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
