import { ExpectedRevision, StreamAppend } from '../../../platform/event-store/event-store.port';
import { ImportedEvent } from './import-line';

/** One append of an import: consecutive events of one stream, with contiguous revisions. */
export interface ImportPart extends StreamAppend {
  /** File line of the part's first event, for messages. */
  line: number;
}

/**
 * Fixed, never options: a resumed import (`--continue`) must cut the file exactly as the first
 * run did, so that each append is an idempotent retry of one already stored, or new. A part stays
 * well under EventStoreDB's append size limit (1 MiB by default) for events of a few hundred bytes.
 */
export const MAX_PART_EVENTS = 500;
export const MAX_WINDOW_EVENTS = 2000;

/** Cuts the file's events, in order, into appends (ImportPart). */
export class ImportParts {
  private current: { part: ImportPart; nextRevision: number } | undefined;

  /** Adds the file's next event; answers the part it closed, if any. */
  add(imported: ImportedEvent, line: number): ImportPart | undefined {
    const open = this.current;
    if (
      open !== undefined &&
      open.part.streamId === imported.stream &&
      open.nextRevision === imported.revision &&
      open.part.events.length < MAX_PART_EVENTS
    ) {
      open.part.events.push(imported.event);
      open.nextRevision++;
      return undefined;
    }
    const expected: ExpectedRevision = imported.revision === 0 ? 'no_stream' : imported.revision - 1;
    this.current = {
      part: { streamId: imported.stream, events: [imported.event], expected, line },
      nextRevision: imported.revision + 1,
    };
    return open?.part;
  }

  /** The last part, once the file has ended. */
  end(): ImportPart | undefined {
    const open = this.current;
    this.current = undefined;
    return open?.part;
  }
}

/**
 * Groups consecutive parts into windows for atomic appends: at most MAX_WINDOW_EVENTS events
 * (a bigger part is a window of its own) and each stream at most once, since an atomic append
 * checks every part against its stream as it was before. Stored window by window, the parts
 * keep the file's order in $all.
 */
export class ImportWindows {
  private parts: ImportPart[] = [];
  private streams = new Set<string>();
  private events = 0;

  /** Adds the next part; answers the window it closed, if any. */
  add(part: ImportPart): ImportPart[] | undefined {
    const full =
      this.parts.length > 0 &&
      (this.streams.has(part.streamId) || this.events + part.events.length > MAX_WINDOW_EVENTS);
    const closed = full ? this.end() : undefined;
    this.parts.push(part);
    this.streams.add(part.streamId);
    this.events += part.events.length;
    return closed;
  }

  /** The last window, once the parts have ended. */
  end(): ImportPart[] | undefined {
    if (this.parts.length === 0) return undefined;
    const window = this.parts;
    this.parts = [];
    this.streams = new Set();
    this.events = 0;
    return window;
  }
}
