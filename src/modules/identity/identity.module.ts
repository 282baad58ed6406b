import * as path from 'node:path';
import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventSchemaRegistry } from '../../platform/es/event-schema-registry';
import { EVENT_STORE, EventStore } from '../../platform/event-store/event-store.port';
import { Lifecycle } from '../../platform/lifecycle.service';
import { LOGGER } from '../../platform/logging/logger';
import { ProcessManagerRunner } from '../../platform/read-model/process-manager-runner';
import { READ_MODEL_DB } from '../../platform/read-model/read-model-database';
import { projectionModule } from '../../platform/read-model/projection';
import { ReadModel } from '../../platform/read-model/read-model.service';
import { ChangeGroupHandler } from './application/change-group.handler';
import { ChangeUserHandler } from './application/change-user.handler';
import { CreateGroupHandler } from './application/create-group.handler';
import { DeleteGroupHandler } from './application/delete-group.handler';
import { DeleteUserHandler } from './application/delete-user.handler';
import { DisableUserHandler } from './application/disable-user.handler';
import { EditUserProfileHandler } from './application/edit-user-profile.handler';
import { GetUserAsOfHandler } from './application/get-user-as-of.handler';
import { GroupMemberFacts } from './application/group-member-facts';
import { GroupNameReservation } from './application/group-name-reservation';
import { LeaveAllGroups } from './application/leave-all-groups';
import { ReleaseReports } from './application/release-reports';
import { ProvisionUserHandler } from './application/provision-user.handler';
import { ReleaseReportsOfDeletedManagers } from './application/release-reports-of-deleted-managers.process';
import { ReservationKeysUpgrade } from './application/reservation-keys-upgrade';
import { UserFacts } from './application/user-facts';
import { UserWriteLock } from './application/user-write-lock';
import { UserNameReservation } from './application/user-name-reservation';
import { GetUserHandler, GetUserStatusHandler } from './application/user.queries.handler';
import { GROUP_EVENT_VERSIONS } from './contracts/group.events';
import { USER_EVENT_VERSIONS } from './contracts/user.events';
import { IdentityIndexProjection } from './infrastructure/identity-index.projection';
import { IdentityIndexReader } from './infrastructure/identity-index.reader';

/** The compiled projections' folder, for the read model's writer thread. */
const INFRASTRUCTURE = path.join(__dirname, 'infrastructure');

/** Users and groups of a subscription: profile, manager, active state, memberships; a deleted manager's reports released. */
@Module({
  imports: [CqrsModule],
  providers: [
    IdentityIndexReader,
    UserFacts,
    UserWriteLock,
    UserNameReservation,
    GroupMemberFacts,
    GroupNameReservation,
    LeaveAllGroups,
    ReleaseReports,
    ProvisionUserHandler,
    ChangeUserHandler,
    DeleteUserHandler,
    DisableUserHandler,
    EditUserProfileHandler,
    CreateGroupHandler,
    ChangeGroupHandler,
    DeleteGroupHandler,
    GetUserStatusHandler,
    GetUserHandler,
    GetUserAsOfHandler,
    ReleaseReportsOfDeletedManagers,
    ReservationKeysUpgrade,
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly schemas: EventSchemaRegistry,
    private readonly readModel: ReadModel,
    private readonly lifecycle: Lifecycle,
    private readonly deletedManagers: ReleaseReportsOfDeletedManagers,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.schemas.registerVersions({ ...USER_EVENT_VERSIONS, ...GROUP_EVENT_VERSIONS });
    this.readModel.register(
      () => new IdentityIndexProjection(),
      projectionModule(INFRASTRUCTURE, 'identity-index.projection.js', IdentityIndexProjection.name),
    );
    this.lifecycle.registerWorker(
      new ProcessManagerRunner(
        this.deletedManagers,
        this.store,
        this.db,
        this.readModel,
        this.schemas,
        this.logger,
      ),
    );
  }
}
