import { Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventSchemaRegistry } from '../../platform/es/event-schema-registry';
import { ChangeUserHandler } from './application/change-user.handler';
import { DeleteUserHandler } from './application/delete-user.handler';
import { ProvisionUserHandler } from './application/provision-user.handler';
import { UserFacts } from './application/user-facts';
import { UserNameReservation } from './application/user-name-reservation';
import { USER_EVENT_VERSIONS } from './contracts/user.events';

/** Users and groups of a subscription: profile, manager, active state, memberships. */
@Module({
  imports: [CqrsModule],
  providers: [UserFacts, UserNameReservation, ProvisionUserHandler, ChangeUserHandler, DeleteUserHandler],
})
export class IdentityModule implements OnModuleInit {
  constructor(private readonly schemas: EventSchemaRegistry) {}

  onModuleInit(): void {
    this.schemas.registerVersions(USER_EVENT_VERSIONS);
  }
}
