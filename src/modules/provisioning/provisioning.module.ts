import * as path from 'node:path';
import { Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { projectionModule } from '../../platform/read-model/projection';
import { ReadModel } from '../../platform/read-model/read-model.service';
import { DiscoveryController } from './api/discovery.controller';
import { ScimAuthGuard } from './api/scim-auth.guard';
import { HttpErrorFilter } from './api/scim-exception.filter';
import { GroupsController } from './api/groups.controller';
import { ProvisioningLogController } from './api/provisioning-log.controller';
import { ProvisioningPolicyController } from './api/provisioning-policy.controller';
import { UsersController } from './api/users.controller';
import { UsersReadRoutes } from './api/users-read.routes';
import { UsersWriteRoutes } from './api/users-write.routes';
import { ScimAuthHook } from './api/scim-auth.hook';
import { ScimGroupsService } from './application/scim-groups.service';
import { ScimUsersService } from './application/scim-users.service';
import { ScimResourceReader } from './infrastructure/read-model/scim-resource.reader';
import { ScimGroupProjection } from './infrastructure/read-model/scim-group.projection';
import { ScimUserProjection } from './infrastructure/read-model/scim-user.projection';
import { ProvisioningLog } from './infrastructure/provisioning-log/provisioning-log.service';
import { ScimRequestRecorder } from './api/scim-request-recorder';

/** The compiled projections' folder, for the read model's writer thread. */
const READ_MODEL = path.join(__dirname, 'infrastructure', 'read-model');

/** The SCIM 2.0 protocol: routes, token guard, schemas, filter and PATCH engines, the SCIM read model. */
@Module({
  imports: [CqrsModule],
  controllers: [
    DiscoveryController,
    UsersController,
    GroupsController,
    ProvisioningLogController,
    ProvisioningPolicyController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    ScimAuthGuard,
    ScimResourceReader,
    ScimUsersService,
    ScimGroupsService,
    ProvisioningLog,
    ScimRequestRecorder,
    UsersReadRoutes,
    UsersWriteRoutes,
    ScimAuthHook,
  ],
})
export class ProvisioningModule implements OnModuleInit {
  constructor(private readonly readModel: ReadModel) {}

  onModuleInit(): void {
    // Users first: in a bulk load the groups projection applies a batch's events when it ends,
    // after the users projection has written the batch's new users (members must exist).
    this.readModel.register(
      () => new ScimUserProjection(),
      projectionModule(READ_MODEL, 'scim-user.projection.js', ScimUserProjection.name),
    );
    this.readModel.register(
      () => new ScimGroupProjection(),
      projectionModule(READ_MODEL, 'scim-group.projection.js', ScimGroupProjection.name),
    );
  }
}
