import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { DeleteUserCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';
import { UserNameReservation } from './user-name-reservation';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, UserWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly userNames: UserNameReservation,
  ) {}

  async execute(cmd: DeleteUserCommand): Promise<UserWriteResult> {
    const result = await this.repository.execute(
      userStream(cmd.subscription, cmd.userId),
      userDecider,
      { type: 'DeleteUser', userId: cmd.userId, at: new Date().toISOString() },
      cmd.context,
      { expectedRevision: cmd.expectedRevision },
    );
    const deleted = result.events.find((e) => e.type === 'UserDeleted');
    // seed: DELETE frees the userName for a new user.
    if (deleted)
      await this.userNames.release(cmd.subscription, deleted.data.userName, cmd.userId, cmd.context);
    return { userId: cmd.userId, revision: result.revision, position: result.position };
  }
}
