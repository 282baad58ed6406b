import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { SubscriptionNotFoundError } from '../../subscription/contracts/subscription-not-found.error';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { GetProvisioningPolicyQuery } from '../../subscription/contracts/subscription.queries';
import { HeirDecision } from '../../ownership/contracts/heir-decision';
import { DecideHeirQuery, PendingHandoverQuery } from '../../ownership/contracts/ownership.queries';
import { userStream } from '../contracts/user.events';
import { ManagerFacts, UserState, userDecider } from '../domain/user.decider';
import { SynchronizationRule } from '../domain/user-completeness';
import { HandoverStillRunningError } from '../domain/user.errors';

/** How long a re-enable waits for the transfer of the user's disable (usually well under a second). */
const HANDOVER_WAIT_MS = 20_000;
const HANDOVER_POLL_MS = 20;

/** Gathers what the user decider needs to know from outside its stream. */
@Injectable()
export class UserFacts {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly queryBus: QueryBus,
    private readonly readModel: ReadModel,
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
  /**
   * The heir of a disable of this user, if it is active. `managerId`: the manager the user has
   * once the disabling write applies (a PATCH may set both); by default the one it has now.
   */
  async heirIfActive(
    state: UserState,
    managerId = state.status === 'active' ? state.managerId : null,
  ): Promise<HeirDecision | undefined> {
    if (state.status !== 'active') return undefined;
    // Decided on other users (is the manager active?): their writes answered so far count.
    await this.readModel.waitForAnswered();
    return this.queryBus.execute(new DecideHeirQuery(state.subscription, state.userId, managerId));
  }

  /**
   * Returns once the handover decided at this user's disable has been carried out. Re-enabled
   * before that, the user would count as a company owner while the transfer is about to take the
   * role away, and the transfer would take along what the user is given meanwhile.
   */
  async handoverCarriedOut(subscription: string, userId: string): Promise<void> {
    const deadline = Date.now() + HANDOVER_WAIT_MS;
    for (;;) {
      const pending = await this.queryBus.execute(new PendingHandoverQuery(subscription, userId));
      if (!pending) return;
      if (Date.now() >= deadline) throw new HandoverStillRunningError(pending.heirId);
      await new Promise((resolve) => setTimeout(resolve, HANDOVER_POLL_MS));
    }
  }

  async synchronizationRule(subscription: string): Promise<SynchronizationRule> {
    const policy = await this.queryBus.execute(new GetProvisioningPolicyQuery(subscription));
    if (!policy) throw new SubscriptionNotFoundError(subscription);
    return {
      requiredAttributes: policy.requiredUserAttributes,
      synchronizeDisabledUsers: policy.synchronizeDisabledUsers,
    };
  }
}
