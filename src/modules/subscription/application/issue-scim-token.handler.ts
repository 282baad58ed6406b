import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../platform/config/app-config';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { formatScimToken, hashScimSecret } from '../domain/scim-token';
import { parseTokenExpiry } from '../domain/scim-token-expiry';
import { existingSubscriptionName } from '../domain/subscription-name';
import { subscriptionStream } from '../domain/subscription-stream';
import { subscriptionDecider } from '../domain/subscription.decider';
import { tenantUrl } from '../domain/tenant-url';
import { IssueScimTokenCommand, IssuedScimToken } from './issue-scim-token.command';
import { generateScimToken } from './scim-token.generator';

@CommandHandler(IssueScimTokenCommand)
export class IssueScimTokenHandler implements ICommandHandler<IssueScimTokenCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModel: ReadModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: IssueScimTokenCommand): Promise<IssuedScimToken> {
    const subscription = existingSubscriptionName(command.subscription);
    const expiresAt = parseTokenExpiry(command.expiresAt);
    const description = command.description ?? null;
    const parts = generateScimToken();
    const at = new Date().toISOString();
    const result = await this.repository.execute(
      subscriptionStream(subscription),
      subscriptionDecider,
      {
        type: 'IssueScimToken',
        subscription,
        tokenId: parts.tokenId,
        secretHash: hashScimSecret(parts.secret),
        description,
        expiresAt,
        at,
      },
      command.context,
    );
    // The token must work for the very next SCIM request.
    await this.readModel.waitFor(result.position);
    return {
      id: parts.tokenId,
      token: formatScimToken(parts),
      tenantUrl: tenantUrl(subscription, this.config.publicBaseDomain),
      description,
      expiresAt,
      createdAt: at,
    };
  }
}
