import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository, StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { ChangeUserCommand, EditUserProfileCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { applyProfileEdit } from '../domain/profile-edit';
import { userDecider } from '../domain/user.decider';
import { UserChangedConcurrentlyError, UserNotFoundError } from '../domain/user.errors';
import { KeyedLock } from '../../../platform/es/keyed-lock';
import { CONFLICT_ATTEMPTS, ConflictRetry, retryOnConflict } from '../../../platform/es/retry-on-conflict';

/**
 * Merges the edit into the user's current profile and makes it an ordinary change of the user
 * (same completeness rule, same userName reservation), pinned to the revision the edit was merged
 * into: a change that lands in between makes it merge again, unless the caller pinned a version.
 */
@CommandHandler(EditUserProfileCommand)
export class EditUserProfileHandler implements ICommandHandler<EditUserProfileCommand, UserWriteResult> {
  /** Edits of one user queue (each merged into the previous one's result) instead of conflicting. */
  private readonly edits = new KeyedLock();

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly commandBus: CommandBus,
  ) {}

  execute(cmd: EditUserProfileCommand): Promise<UserWriteResult> {
    return this.edits.run(`${cmd.subscription}/${cmd.userId}`, () => this.edit(cmd));
  }

  private edit(cmd: EditUserProfileCommand): Promise<UserWriteResult> {
    const stream = userStream(cmd.subscription, cmd.userId);
    // Edits queue among themselves; a SCIM write may overtake one (each at most once): merge again
    // unless the caller pinned a version. Overtaken too often is a conflict, not a version nobody
    // asked for (412).
    const conflict: ConflictRetry = {
      attempts: CONFLICT_ATTEMPTS.recomputedFromRead,
      isConflict: (error) => error instanceof StaleRevisionError && cmd.expectedRevision === undefined,
      exhausted: () => new UserChangedConcurrentlyError(),
    };
    return retryOnConflict(conflict, async () => {
      const { state, revision } = await this.repository.load(stream, userDecider);
      if (state.status !== 'active' && state.status !== 'disabled') throw new UserNotFoundError(cmd.userId);
      if (cmd.expectedRevision !== undefined && cmd.expectedRevision !== revision)
        throw new StaleRevisionError(stream, cmd.expectedRevision, revision);
      const profile = applyProfileEdit(state.profile, cmd.edit);
      const change = new ChangeUserCommand(
        cmd.subscription,
        cmd.userId,
        profile,
        state.status === 'active',
        state.managerId,
        cmd.context,
        revision,
      );
      return this.commandBus.execute(change);
    });
  }
}
