import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { GetProvisioningPolicyQuery } from '../../subscription/contracts/subscription.queries';
import { HeirDecision } from '../../ownership/contracts/heir-decision';
import { DecideHeirQuery } from '../../ownership/contracts/ownership.queries';
import { userStream } from '../contracts/user.events';
import { ManagerFacts, UserState, userDecider } from '../domain/user.decider';
import { SynchronizationRule } from '../domain/user-completeness';

/** Gathers what the user decider needs to know from outside its stream. */
@Injectable()
export class UserFacts {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly queryBus: QueryBus,
  ) {}

  async manager(subscription: string, managerId: string | null): Promise<ManagerFacts | null> {
    if (managerId === null) return null;
    const { state } = await this.repository.load(userStream(subscription, managerId), userDecider);
    return { id: managerId, exists: state.status === 'active' || state.status === 'disabled' };
  }

  /**
   * The disable-user rule, applied by Ownership, for a user about to stop being active; undefined
   * when the user is not active (nothing to decide: a disabled user handed over when disabled).
   */
  async heirIfActive(state: UserState): Promise<HeirDecision | undefined> {
    if (state.status !== 'active') return undefined;
    return this.queryBus.execute(new DecideHeirQuery(state.subscription, state.userId, state.managerId));
  }

  async synchronizationRule(subscription: string): Promise<SynchronizationRule> {
    const policy = await this.queryBus.execute(new GetProvisioningPolicyQuery(subscription));
    if (!policy)
      throw new DomainError('subscription.not-found', `subscription ${subscription} not found`, 'not-found');
    return {
      requiredAttributes: policy.requiredUserAttributes,
      synchronizeDisabledUsers: policy.synchronizeDisabledUsers,
    };
  }
}
