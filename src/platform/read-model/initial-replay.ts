import { CanActivate, Injectable } from '@nestjs/common';
import { ReadModel } from './read-model.service';

/**
 * Refused while the read model replays the log from position 0 at start (a new version's first
 * start, or a deleted read model): its tables are half built, so a read would answer from part
 * of the data, a token check 401, a lookup 404. Both APIs answer 503 with a Retry-After.
 */
export class InitialReplayError extends Error {
  /** `stoppedBy`: the replay failed (it retries by itself when it can; /health/ready says why). */
  constructor(stoppedBy?: Error) {
    super(
      stoppedBy
        ? `the service cannot build its read model from the event log (${stoppedBy.message}); see /health/ready`
        : 'the service is rebuilding its read model from the event log (first start of a new version); retry shortly',
    );
    this.name = 'InitialReplayError';
  }
}

/** Seconds a client is told to wait: a replay runs at tens of thousands of events a second. */
export const INITIAL_REPLAY_RETRY_AFTER_SECONDS = 30;

/** For routes that read the read model: InitialReplayError (503) until the first replay is done. */
@Injectable()
export class InitialReplayGuard implements CanActivate {
  constructor(private readonly readModel: ReadModel) {}

  canActivate(): boolean {
    if (this.readModel.replayingFromStart) throw new InitialReplayError(this.readModel.error);
    return true;
  }
}
