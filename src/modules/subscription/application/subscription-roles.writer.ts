import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { SubscriptionRolesWriteResult } from '../contracts/subscription-roles.commands';
import { UserStatusFact } from '../domain/subscription.commands';
import { RoleCommand, rolesOf } from '../domain/subscription-roles.rules';
import { existingSubscriptionName } from '../domain/subscription-name';
import { subscriptionStream } from '../domain/subscription-stream';
import { subscriptionDecider } from '../domain/subscription.decider';

/** What the three role handlers share: Identity's fact about the user, the write, read-your-writes. */
@Injectable()
export class SubscriptionRolesWriter {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModel: ReadModel,
    private readonly queries: QueryBus,
  ) {}

  /** Asked of Identity's own stream, so it is never behind a disable. */
  private userStatus(subscription: string, userId: string): Promise<UserStatusFact> {
    return this.queries.execute(new GetUserStatusQuery(subscription, userId));
  }

  /** Gives a role to a user, with Identity's word that the user is active (the rule's fact). */
  async grant(
    type: 'AddCompanyOwner' | 'AssignSubscriptionOwner',
    command: { subscription: string; userId: string; context: CommandContext },
  ): Promise<SubscriptionRolesWriteResult> {
    const { userId, context } = command;
    const subscription = existingSubscriptionName(command.subscription);
    const userStatus = await this.userStatus(subscription, userId);
    return this.write(
      subscription,
      { type, subscription, userId, userStatus, at: new Date().toISOString() },
      context,
    );
  }

  async write(
    subscription: string,
    command: RoleCommand,
    context: CommandContext,
  ): Promise<SubscriptionRolesWriteResult> {
    const result = await this.repository.execute(
      subscriptionStream(subscription),
      subscriptionDecider,
      command,
      context,
    );
    // A no-op may stand on a concurrent write not yet projected: then wait for everything written so far.
    if (result.position) await this.readModel.waitFor(result.position);
    else await this.readModel.waitForHead();
    if (result.state.status !== 'active') throw new Error(`subscription ${subscription} vanished`);
    return {
      subscription,
      roles: rolesOf(result.state),
      revision: result.revision,
      position: result.position,
    };
  }
}
