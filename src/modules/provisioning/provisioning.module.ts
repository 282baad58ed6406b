import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** The SCIM 2.0 protocol: routes, token guard, schemas, filter and PATCH engines, the SCIM read model. */
@Module({
  imports: [CqrsModule],
})
export class ProvisioningModule {}
