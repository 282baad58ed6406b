import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { GetUserQuery, UserView } from '../../identity/contracts/user.queries';
import { GetSubscriptionRolesQuery } from '../../subscription/contracts/subscription.queries';
import { OwnershipReader } from '../infrastructure/ownership.reader';
import { PortalUserResponse } from './ownership.responses';

/** The portal's live view of a user (PortalUserResponse), shared by the portal's user routes. */
@Injectable()
export class PortalUserView {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
  ) {}

  /** Profile, manager and active state from Identity; roles; what it owns and holds. */
  async live(sub: string, id: string): Promise<PortalUserResponse> {
    const user = await this.requireUser(sub, id);
    const roles = await this.queryBus.execute(new GetSubscriptionRolesQuery(sub));
    const companyOwner = roles?.companyOwners.find((o) => o.userId === id);
    await this.readModel.waitForHead();
    return {
      id: user.userId,
      subscription: sub,
      active: user.active,
      profile: user.profile,
      managerId: user.managerId,
      version: user.revision,
      roles: {
        subscriptionOwner: roles?.subscriptionOwner === id,
        companyOwner: companyOwner !== undefined,
        ...(companyOwner ? { companyOwnerSince: companyOwner.since } : {}),
      },
      resources: this.reader.resources(sub, id),
      permissions: this.reader.permissions(sub, id),
    };
  }

  async requireUser(sub: string, id: string): Promise<UserView> {
    const user = await this.queryBus.execute(new GetUserQuery(sub, id));
    if (!user)
      throw new DomainError('user.not-found', `user ${id} not found in subscription ${sub}`, 'not-found');
    return user;
  }
}
