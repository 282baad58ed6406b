import * as path from 'node:path';
import { Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventSchemaRegistry } from '../../platform/es/event-schema-registry';
import { projectionModule } from '../../platform/read-model/projection';
import { ReadModel } from '../../platform/read-model/read-model.service';
import { ScimTokensController } from './api/scim-tokens.controller';
import { SubscriptionRolesController } from './api/subscription-roles.controller';
import { SubscriptionsController } from './api/subscriptions.controller';
import { AddCompanyOwnerHandler } from './application/add-company-owner.handler';
import { AssignSubscriptionOwnerHandler } from './application/assign-subscription-owner.handler';
import { ChangeProvisioningPolicyHandler } from './application/change-provisioning-policy.handler';
import { CreateSubscriptionHandler } from './application/create-subscription.handler';
import { GetProvisioningPolicyHandler } from './application/get-provisioning-policy.handler';
import { GetSubscriptionHandler } from './application/get-subscription.handler';
import { GetSubscriptionRolesHandler } from './application/get-subscription-roles.handler';
import { IssueScimTokenHandler } from './application/issue-scim-token.handler';
import { ListScimTokensHandler } from './application/list-scim-tokens.handler';
import { ListSubscriptionsHandler } from './application/list-subscriptions.handler';
import { RemoveCompanyOwnerHandler } from './application/remove-company-owner.handler';
import { RevokeScimTokenHandler } from './application/revoke-scim-token.handler';
import { SubscriptionRolesWriter } from './application/subscription-roles.writer';
import { GetScimTokenOwnerHandler } from './application/get-scim-token-owner.handler';
import { ValidateScimTokenHandler } from './application/validate-scim-token.handler';
import { SUBSCRIPTION_EVENT_VERSIONS } from './contracts/subscription.event-versions';
import { SUBSCRIPTION_UPCASTERS } from './contracts/subscription.upcasters';
import { SubscriptionProjection } from './infrastructure/subscription.projection';
import { SubscriptionReadCache } from './infrastructure/subscription-read.cache';
import { SubscriptionReadStore } from './infrastructure/subscription.read-store';

/** The compiled projections' folder, for the read model's writer thread. */
const INFRASTRUCTURE = path.join(__dirname, 'infrastructure');

/**
 * Subscriptions (tenants), their owner and company owners, SCIM API tokens, provisioning policy.
 * Other modules use only `./contracts`.
 */
@Module({
  imports: [CqrsModule],
  controllers: [SubscriptionsController, ScimTokensController, SubscriptionRolesController],
  providers: [
    SubscriptionReadCache,
    SubscriptionReadStore,
    CreateSubscriptionHandler,
    IssueScimTokenHandler,
    RevokeScimTokenHandler,
    ChangeProvisioningPolicyHandler,
    ValidateScimTokenHandler,
    GetScimTokenOwnerHandler,
    GetSubscriptionHandler,
    ListSubscriptionsHandler,
    GetProvisioningPolicyHandler,
    ListScimTokensHandler,
    SubscriptionRolesWriter,
    AssignSubscriptionOwnerHandler,
    AddCompanyOwnerHandler,
    RemoveCompanyOwnerHandler,
    GetSubscriptionRolesHandler,
  ],
})
export class SubscriptionModule implements OnModuleInit {
  constructor(
    private readonly schemas: EventSchemaRegistry,
    private readonly readModel: ReadModel,
    private readonly cache: SubscriptionReadCache,
  ) {}

  onModuleInit(): void {
    this.schemas.registerVersions(SUBSCRIPTION_EVENT_VERSIONS);
    for (const upcaster of SUBSCRIPTION_UPCASTERS) this.schemas.registerUpcaster(upcaster);
    // On the writer thread without the cache: this instance drops its entries (committed).
    this.readModel.register(
      () => new SubscriptionProjection(this.cache),
      projectionModule(INFRASTRUCTURE, 'subscription.projection.js', SubscriptionProjection.name),
    );
  }
}
