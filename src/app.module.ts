import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { AppConfig } from './platform/config/app-config';
import { PlatformModule } from './platform/platform.module';
import { AuditModule } from './modules/audit/audit.module';
import { IdentityModule } from './modules/identity/identity.module';
import { OwnershipModule } from './modules/ownership/ownership.module';
import { ProvisioningModule } from './modules/provisioning/provisioning.module';
import { SubscriptionModule } from './modules/subscription/subscription.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        CqrsModule.forRoot(),
        SubscriptionModule,
        IdentityModule,
        OwnershipModule,
        ProvisioningModule,
        AuditModule,
      ],
    };
  }
}
