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
import { OwnershipController } from './api/ownership.controller';
import { PortalUserProfileController } from './api/portal-user-profile.controller';
import { PortalUserView } from './api/portal-user.view';
import { PortalUsersController } from './api/portal-users.controller';
import { CreateResourceHandler } from './application/create-resource.handler';
import { DecideHeirHandler } from './application/decide-heir.handler';
import { DeleteResourceHandler } from './application/delete-resource.handler';
import { GrantPermissionHandler } from './application/grant-permission.handler';
import { PendingHandoverHandler } from './application/pending-handover.handler';
import { RevokePermissionHandler } from './application/revoke-permission.handler';
import { TransferOnUserDisabled } from './application/transfer-on-user-disabled.process';
import { OWNERSHIP_EVENT_VERSIONS } from './contracts/ownership.events';
import { OWNERSHIP_UPCASTERS } from './contracts/ownership.upcasters';
import { OwnershipProjection } from './infrastructure/ownership.projection';
import { OwnershipReader } from './infrastructure/ownership.reader';

/** The compiled projections' folder, for the read model's writer thread. */
const INFRASTRUCTURE = path.join(__dirname, 'infrastructure');

/** Resources and administrator permissions held by users; the disable-user transfer saga. */
@Module({
  imports: [CqrsModule],
  controllers: [OwnershipController, PortalUsersController, PortalUserProfileController],
  providers: [
    OwnershipReader,
    PortalUserView,
    DecideHeirHandler,
    PendingHandoverHandler,
    CreateResourceHandler,
    GrantPermissionHandler,
    RevokePermissionHandler,
    DeleteResourceHandler,
    TransferOnUserDisabled,
  ],
})
export class OwnershipModule implements OnModuleInit {
  constructor(
    private readonly schemas: EventSchemaRegistry,
    private readonly readModel: ReadModel,
    private readonly lifecycle: Lifecycle,
    private readonly transfers: TransferOnUserDisabled,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.schemas.registerVersions(OWNERSHIP_EVENT_VERSIONS);
    for (const upcaster of OWNERSHIP_UPCASTERS) this.schemas.registerUpcaster(upcaster);
    this.readModel.register(
      () => new OwnershipProjection(),
      projectionModule(INFRASTRUCTURE, 'ownership.projection.js', OwnershipProjection.name),
    );
    this.lifecycle.registerWorker(
      new ProcessManagerRunner(
        this.transfers,
        this.store,
        this.db,
        this.readModel,
        this.schemas,
        this.logger,
      ),
    );
  }
}
