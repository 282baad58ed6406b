import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository, StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { ChangeUserCommand, EditUserProfileCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { applyProfileEdit } from '../domain/profile-edit';
import { userDecider } from '../domain/user.decider';
import { UserChangedConcurrentlyError, UserNotFoundError } from '../domain/user.errors';
import { KeyedLock } from '../../../platform/es/keyed-lock';

// Edits queue among themselves; SCIM writes may overtake one, each at most once: see
// CHANGE_ATTEMPTS (scim-users.service).
const MAX_ATTEMPTS = 25;

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

  private async edit(cmd: EditUserProfileCommand): Promise<UserWriteResult> {
    const stream = userStream(cmd.subscription, cmd.userId);
    for (let attempt = 1; ; attempt++) {
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
      try {
        return await this.commandBus.execute(change);
      } catch (error) {
        const retry = error instanceof StaleRevisionError && cmd.expectedRevision === undefined;
        if (!retry) throw error;
        // Overtaken too often by other writers: a conflict, not a version nobody asked for (412).
        if (attempt >= MAX_ATTEMPTS) throw new UserChangedConcurrentlyError();
      }
    }
  }
}
