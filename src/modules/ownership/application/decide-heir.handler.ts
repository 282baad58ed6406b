import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { GetSubscriptionRolesQuery } from '../../subscription/contracts/subscription.queries';
import { HeirDecision } from '../contracts/heir-decision';
import { DecideHeirQuery } from '../contracts/ownership.queries';
import { decideHeir } from '../domain/heir';
import { OwnershipReader } from '../infrastructure/ownership.reader';

// Each hop is a disabled user whose transfer is still running: a guard, not a limit users meet.
const MAX_HANDOVER_CHAIN = 1000;

/** Gathers the facts of the disable-user rule from the three modules, then applies the pure rule. */
@QueryHandler(DecideHeirQuery)
export class DecideHeirHandler implements IQueryHandler<DecideHeirQuery, HeirDecision> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
  ) {}

  async execute(query: DecideHeirQuery): Promise<HeirDecision> {
    const { subscription, userId, managerId } = query;
    // Every fact below must include what was acknowledged before: a role, a resource, and the
    // disables decided just before this one (Identity decides them one at a time).
    await this.readModel.waitForHead();
    const roles = await this.queryBus.execute(new GetSubscriptionRolesQuery(subscription));
    const isActive = async (id: string) =>
      (await this.queryBus.execute(new GetUserStatusQuery(subscription, id))) === 'active';
    const companyOwners = await Promise.all(
      (roles?.companyOwners ?? []).map(async (owner) => ({
        userId: owner.userId,
        active: await isActive(owner.userId),
      })),
    );
    const managerStatus = managerId
      ? await this.queryBus.execute(new GetUserStatusQuery(subscription, managerId))
      : 'absent';
    // A handover decided but not carried out yet counts as done: the heir of a pending transfer
    // does not "own nothing", and the role it is taking is already its own (architecture: "If the
    // heir is disabled before the transfer ends, the remaining items follow the rule again").
    // The role is on its way only from the owner as it stands (an admin may have assigned another
    // since), through each pending handover of it in turn.
    let subscriptionOwner = roles?.subscriptionOwner ?? null;
    for (let hops = 0; subscriptionOwner !== null && hops < MAX_HANDOVER_CHAIN; hops++) {
      const next = this.reader.pendingSubscriptionOwnershipFrom(subscription, subscriptionOwner);
      if (next === null) break;
      subscriptionOwner = next;
    }
    return decideHeir({
      userId,
      companyOwners,
      subscriptionOwner: subscriptionOwner && (await isActive(subscriptionOwner)) ? subscriptionOwner : null,
      manager:
        managerId && managerStatus !== 'absent'
          ? { userId: managerId, active: managerStatus === 'active' }
          : null,
      ownsSomething:
        this.reader.ownsSomething(subscription, userId) || this.reader.inheritsPending(subscription, userId),
    });
  }
}
