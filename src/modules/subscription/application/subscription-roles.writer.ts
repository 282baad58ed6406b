import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { CompanyOwnerRemovalReason } from '../contracts/subscription-roles';
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
    private readonly decisions: TenantDecisionLock,
  ) {}

  /** Asked of Identity's own stream, so it is never behind a disable. */
  private userStatus(subscription: string, userId: string): Promise<UserStatusFact> {
    return this.queries.execute(new GetUserStatusQuery(subscription, userId));
  }

  /** Gives a role to a user, with Identity's word that the user is active (the rule's fact). */
  async grant(
    type: 'AddCompanyOwner' | 'AssignSubscriptionOwner',
    command: { subscription: string; userId: string; context: CommandContext; handedOverFrom?: string },
  ): Promise<SubscriptionRolesWriteResult> {
    const { userId, context, handedOverFrom } = command;
    const subscription = existingSubscriptionName(command.subscription);
    // Only an active user may take a role: decided one at a time with the subscription's disables.
    return this.decisions.run(subscription, async () => {
      const userStatus = await this.userStatus(subscription, userId);
      const at = new Date().toISOString();
      if (type === 'AddCompanyOwner')
        return this.append(subscription, { type, subscription, userId, userStatus, at }, context);
      const handover = handedOverFrom && {
        fromUserId: handedOverFrom,
        currentOwnerStatus: await this.currentOwnerStatus(subscription),
      };
      return this.append(
        subscription,
        { type, subscription, userId, userStatus, ...(handover && { handover }), at },
        context,
      );
    });
  }

  private async currentOwnerStatus(subscription: string): Promise<UserStatusFact> {
    const { state } = await this.repository.load(subscriptionStream(subscription), subscriptionDecider);
    const owner = state.status === 'active' ? state.subscriptionOwner : null;
    return owner ? this.userStatus(subscription, owner) : 'absent';
  }

  /**
   * Takes the company owner role from a user. An admin's removal must leave an active company
   * owner: Identity is asked about the others (a disabled one stays listed until its transfer
   * removes it). The transfer's removal of a disabled one asks nothing: it is what keeps the list true.
   */
  removeCompanyOwner(command: {
    subscription: string;
    userId: string;
    reason: CompanyOwnerRemovalReason;
    context: CommandContext;
  }): Promise<SubscriptionRolesWriteResult> {
    const { userId, reason, context } = command;
    const subscription = existingSubscriptionName(command.subscription);
    return this.decisions.run(subscription, async () => {
      const otherActiveCompanyOwners =
        reason === 'removed' ? await this.otherActiveCompanyOwners(subscription, userId) : undefined;
      const at = new Date().toISOString();
      return this.append(
        subscription,
        { type: 'RemoveCompanyOwner', subscription, userId, reason, otherActiveCompanyOwners, at },
        context,
      );
    });
  }

  private async otherActiveCompanyOwners(subscription: string, userId: string): Promise<number> {
    const { state } = await this.repository.load(subscriptionStream(subscription), subscriptionDecider);
    if (state.status !== 'active') return 0;
    const others = state.companyOwners.filter((owner) => owner.userId !== userId);
    const statuses = await Promise.all(others.map((owner) => this.userStatus(subscription, owner.userId)));
    return statuses.filter((status) => status === 'active').length;
  }

  private async append(
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
