import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { GetSubscriptionRolesQuery } from '../../subscription/contracts/subscription.queries';
import { HeirDecision } from '../contracts/heir-decision';
import { DecideHeirQuery } from '../contracts/ownership.queries';
import { decideHeir } from '../domain/heir';
import { OwnershipReader } from '../infrastructure/ownership.reader';

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
    const subscriptionOwner =
      this.reader.pendingSubscriptionOwner(subscription) ?? roles?.subscriptionOwner ?? null;
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
