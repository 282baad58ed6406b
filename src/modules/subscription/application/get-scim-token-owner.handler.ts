import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetScimTokenOwnerQuery } from '../contracts/subscription.queries';
import { ScimTokenPrincipal } from '../contracts/subscription.views';
import { scimTokenIdOf } from '../domain/scim-token';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';

/** The token row its id names (the id is not secret to admins, and 64 random bits to others). */
@QueryHandler(GetScimTokenOwnerQuery)
export class GetScimTokenOwnerHandler implements IQueryHandler<GetScimTokenOwnerQuery> {
  constructor(private readonly store: SubscriptionReadStore) {}

  execute({ token }: GetScimTokenOwnerQuery): Promise<ScimTokenPrincipal | null> {
    // By the id alone: a secret pasted with a character missing is what support looks for.
    const tokenId = scimTokenIdOf(token);
    const row = tokenId ? this.store.token(tokenId) : undefined;
    return Promise.resolve(row ? { subscription: row.subscription, tokenId: row.token_id } : null);
  }
}
