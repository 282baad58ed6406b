/**
 * An event id of the append is already stored, but not as an idempotent retry of this very
 * append (another stream, another order, or mixed with new events). Event ids are globally unique.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    readonly detail: string,
  ) {
    super(`stream ${streamId}: event id ${eventId} is already stored (${detail})`);
    this.name = 'DuplicateEventIdError';
  }
}
