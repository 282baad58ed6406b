import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ValidateScimTokenQuery } from '../contracts/subscription.queries';
import { ScimTokenPrincipal } from '../contracts/subscription.views';
import { acceptsScimSecret, parseScimToken } from '../domain/scim-token';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';

/** On every SCIM request: one prepared primary-key lookup in the read model, no event store read. */
@QueryHandler(ValidateScimTokenQuery)
export class ValidateScimTokenHandler implements IQueryHandler<ValidateScimTokenQuery> {
  constructor(private readonly store: SubscriptionReadStore) {}

  async execute({ token }: ValidateScimTokenQuery): Promise<ScimTokenPrincipal | null> {
    const parts = parseScimToken(token);
    if (!parts) return null;
    const row = this.store.token(parts.tokenId);
    if (!row) return null;
    const stored = { secretHash: row.secret_hash, expiresAt: row.expires_at, revokedAt: row.revoked_at };
    if (!acceptsScimSecret(stored, parts.secret, new Date())) return null;
    return { subscription: row.subscription, tokenId: row.token_id };
  }
}
