import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ValidateScimTokenQuery } from '../contracts/subscription.queries';
import { ScimTokenPrincipal } from '../contracts/subscription.views';
import { acceptsScimSecret, parseScimToken, scimTokenStatus } from '../domain/scim-token';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';
import { VerifiedScimSecrets } from './verified-scim-secrets';

/** On every SCIM request: one prepared primary-key lookup in the read model, no event store read. */
@QueryHandler(ValidateScimTokenQuery)
export class ValidateScimTokenHandler implements IQueryHandler<ValidateScimTokenQuery> {
  private readonly verified = new VerifiedScimSecrets();

  constructor(private readonly store: SubscriptionReadStore) {}

  async execute({ token }: ValidateScimTokenQuery): Promise<ScimTokenPrincipal | null> {
    const parts = parseScimToken(token);
    if (!parts) return null;
    const row = this.store.token(parts.tokenId);
    if (!row) return null;
    const stored = { secretHash: row.secret_hash, expiresAt: row.expires_at, revokedAt: row.revoked_at };
    const now = new Date();
    if (this.verified.matches(row, parts.secret)) {
      if (scimTokenStatus(stored, now) !== 'active') return null;
    } else {
      if (!acceptsScimSecret(stored, parts.secret, now)) return null;
      this.verified.remember(row, parts.secret);
    }
    return { subscription: row.subscription, tokenId: row.token_id };
  }
}
