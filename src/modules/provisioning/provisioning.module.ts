import { Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModel } from '../../platform/read-model/read-model.service';
import { DiscoveryController } from './api/discovery.controller';
import { ScimAuthGuard } from './api/scim-auth.guard';
import { HttpErrorFilter } from './api/scim-exception.filter';
import { UsersController } from './api/users.controller';
import { ScimUsersService } from './application/scim-users.service';
import { ScimResourceReader } from './infrastructure/read-model/scim-resource.reader';
import { ScimUserProjection } from './infrastructure/read-model/scim-user.projection';

/** The SCIM 2.0 protocol: routes, token guard, schemas, filter and PATCH engines, the SCIM read model. */
@Module({
  imports: [CqrsModule],
  controllers: [DiscoveryController, UsersController],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    ScimAuthGuard,
    ScimResourceReader,
    ScimUsersService,
  ],
})
export class ProvisioningModule implements OnModuleInit {
  constructor(private readonly readModel: ReadModel) {}

  onModuleInit(): void {
    this.readModel.register(new ScimUserProjection());
  }
}
