import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { configureReadModelReads } from './read-model-database';

/**
 * A read-only connection to the read model whose reads, within one turn of the event loop, share
 * one read transaction. Beginning and ending one per statement (a WAL read mark locked and
 * unlocked with fcntl, the WAL index header read, the schema checked) was about 2.5 us of a 5 us
 * `userName eq` lookup; the requests of a turn now pay it once.
 *
 * What a read sees: every commit made before the first read of its turn, and every commit the
 * projection runner has reported since, since renew() is called whenever its checkpoint advances,
 * before read-your-writes waiters are released. So a read that waited for a write finds it, as
 * with a transaction per statement. The transaction ends in the check phase of the turn that
 * began it at the latest, so it holds back a WAL checkpoint for a turn at most. Nothing is written
 * here: a write could not upgrade a read transaction once another connection has committed.
 */
export class ReadSnapshot {
  private open = false;
  private readonly begin: Statement | undefined;
  private readonly commit: Statement | undefined;
  private readonly endTurn = () => this.renew();

  /** `shared`: false reads outside any transaction (a `:memory:` database has one connection). */
  private constructor(
    readonly db: Database.Database,
    shared: boolean,
  ) {
    if (!shared) return;
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
  }

  /**
   * A connection of its own to the file of `main`. Without WAL (an in-memory database, a file in
   * rollback mode, where a read transaction would hold writers back) `main` itself, read outside
   * any transaction.
   */
  static of(main: Database.Database): ReadSnapshot {
    if (main.memory || main.pragma('journal_mode', { simple: true }) !== 'wal')
      return ReadSnapshot.direct(main);
    const db = new Database(main.name, { readonly: true, fileMustExist: true });
    configureReadModelReads(db);
    return new ReadSnapshot(db, true);
  }

  /** Reads on `db` outside any transaction (tests and tools on one connection). */
  static direct(db: Database.Database): ReadSnapshot {
    return new ReadSnapshot(db, false);
  }

  /** Call before each read on `db`: opens the turn's read transaction if there is none. */
  enter(): void {
    if (this.open || !this.begin) return;
    this.begin.run();
    this.open = true;
    setImmediate(this.endTurn);
  }

  /** Ends the shared transaction: the next read sees every commit made until now. */
  renew(): void {
    if (!this.open) return;
    this.open = false;
    // A failed statement may have rolled the transaction back already.
    if (this.db.inTransaction) this.commit!.run();
  }

  close(): void {
    this.renew();
    if (this.begin) this.db.close();
  }
}
