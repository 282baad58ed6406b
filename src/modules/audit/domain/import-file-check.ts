import { Position, comparePositions, formatPosition } from '../../../platform/event-store/position';
import { ImportLineError, ImportedEvent } from './import-line';

/** What pass 1 found: the file's events and the source positions they span. */
export interface ImportFileSummary {
  events: number;
  first: Position | null;
  last: Position | null;
  /** The first stream the file takes up past revision 0 (the target must hold what comes before). */
  firstContinued: { line: number; stream: string; revision: number } | null;
}

/**
 * Pass 1 of an import: the rules a whole file must meet before anything is written, checked
 * line by line in file order (the file is never held: a revision per stream). Event ids are not
 * collected: a set of them would cost ~100 MB per million events, and the ways a file gets an
 * event twice (the same export appended again, an overlapping resume) already break the
 * position order; an id repeated otherwise is refused by the store at its append (exit 1).
 */
export class ImportFileCheck {
  private readonly lastRevisions = new Map<string, number>();
  private events = 0;
  private first: Position | null = null;
  private last: Position | null = null;
  private firstContinued: ImportFileSummary['firstContinued'] = null;

  /**
   * `targetEmpty`: every stream must then start at revision 0 in the file. `known`: the event
   * types this build reads, with their current schema versions (none: not checked).
   */
  constructor(
    private readonly targetEmpty: boolean,
    private readonly known?: ReadonlyMap<string, number>,
  ) {}

  /** Throws ImportLineError naming the line when the event breaks a rule. */
  check(imported: ImportedEvent, line: number): void {
    const { sourcePosition, stream, revision } = imported;
    const fail = (reason: string) => new ImportLineError(line, reason);
    if (this.last !== null && comparePositions(sourcePosition, this.last) <= 0)
      throw fail(
        `position ${formatPosition(sourcePosition)} is not after ${formatPosition(this.last)} ` +
          'of the line before: the file is not in log order',
      );
    if (this.known) {
      const { type, metadata } = imported.event;
      const current = this.known.get(type);
      if (current === undefined)
        throw fail(
          `event type ${type} is unknown to this build: the log was written by another (newer?) version`,
        );
      if (metadata.schemaVersion > current)
        throw fail(
          `${type} version ${metadata.schemaVersion} is newer than this build reads (${current}): ` +
            'import it with the version that exported it, or a newer one',
        );
    }
    const previous = this.lastRevisions.get(stream);
    if (previous === undefined) {
      if (this.targetEmpty && revision !== 0)
        throw fail(
          `stream ${stream} starts at revision ${revision} and the target is empty: this file continues ` +
            'an earlier export; import that one first',
        );
      if (revision !== 0) this.firstContinued ??= { line, stream, revision };
    } else if (revision !== previous + 1) {
      throw fail(
        `stream ${stream} goes from revision ${previous} to ${revision}: a stream's revisions must follow each other`,
      );
    }
    this.lastRevisions.set(stream, revision);
    this.events++;
    this.first ??= sourcePosition;
    this.last = sourcePosition;
  }

  summary(): ImportFileSummary {
    return { events: this.events, first: this.first, last: this.last, firstContinued: this.firstContinued };
  }
}
