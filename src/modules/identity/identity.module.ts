import { Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventSchemaRegistry } from '../../platform/es/event-schema-registry';
import { ReadModel } from '../../platform/read-model/read-model.service';
import { ChangeGroupHandler } from './application/change-group.handler';
import { ChangeUserHandler } from './application/change-user.handler';
import { CreateGroupHandler } from './application/create-group.handler';
import { DeleteGroupHandler } from './application/delete-group.handler';
import { DeleteUserHandler } from './application/delete-user.handler';
import { DisableUserHandler } from './application/disable-user.handler';
import { GetUserAsOfHandler } from './application/get-user-as-of.handler';
import { GroupMemberFacts } from './application/group-member-facts';
import { GroupNameReservation } from './application/group-name-reservation';
import { LeaveAllGroups } from './application/leave-all-groups';
import { ProvisionUserHandler } from './application/provision-user.handler';
import { UserFacts } from './application/user-facts';
import { UserNameReservation } from './application/user-name-reservation';
import { GetUserHandler, GetUserStatusHandler } from './application/user.queries.handler';
import { GROUP_EVENT_VERSIONS } from './contracts/group.events';
import { USER_EVENT_VERSIONS } from './contracts/user.events';
import { IdentityIndexProjection } from './infrastructure/identity-index.projection';
import { IdentityIndexReader } from './infrastructure/identity-index.reader';

/** Users and groups of a subscription: profile, manager, active state, memberships. */
@Module({
  imports: [CqrsModule],
  providers: [
    IdentityIndexReader,
    UserFacts,
    UserNameReservation,
    GroupMemberFacts,
    GroupNameReservation,
    LeaveAllGroups,
    ProvisionUserHandler,
    ChangeUserHandler,
    DeleteUserHandler,
    DisableUserHandler,
    CreateGroupHandler,
    ChangeGroupHandler,
    DeleteGroupHandler,
    GetUserStatusHandler,
    GetUserHandler,
    GetUserAsOfHandler,
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly schemas: EventSchemaRegistry,
    private readonly readModel: ReadModel,
  ) {}

  onModuleInit(): void {
    this.schemas.registerVersions({ ...USER_EVENT_VERSIONS, ...GROUP_EVENT_VERSIONS });
    this.readModel.register(() => new IdentityIndexProjection());
  }
}
