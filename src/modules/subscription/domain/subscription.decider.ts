import { Decider } from '../../../platform/es/decider';
import { assertNever } from '../../../platform/es/domain-event';
import { DEFAULT_PROVISIONING_POLICY, ProvisioningPolicy } from '../contracts/provisioning-policy';
import { SubscriptionEvent } from '../contracts/subscription.events';
import { CompanyOwner } from '../contracts/subscription-roles';
import { provisioningPolicy, samePolicy } from './provisioning-policy.rules';
import { decideRoles, evolveRoles } from './subscription-roles.rules';
import { SubscriptionCommand } from './subscription.commands';
import {
  InvalidCompanyNameError,
  ScimTokenIdTakenError,
  ScimTokenNotFoundError,
  SubscriptionAlreadyExistsError,
  SubscriptionNotFoundError,
  TokenExpiryInPastError,
} from './subscription.errors';

/** What the aggregate needs to decide; token hashes live in the read model only. */
export interface ScimTokenState {
  revoked: boolean;
}

export type Subscription =
  | { status: 'absent' }
  | {
      status: 'active';
      name: string;
      companyName: string;
      tokens: Record<string, ScimTokenState>;
      policy: ProvisioningPolicy;
      subscriptionOwner: string | null;
      /** Oldest first, with their `since`. */
      companyOwners: readonly CompanyOwner[];
    };

type Active = Extract<Subscription, { status: 'active' }>;

function decideCreate(
  command: Extract<SubscriptionCommand, { type: 'CreateSubscription' }>,
  state: Subscription,
): SubscriptionEvent[] {
  if (state.status !== 'absent') throw new SubscriptionAlreadyExistsError(command.name);
  const companyName = command.companyName.trim();
  if (companyName === '') throw new InvalidCompanyNameError();
  return [{ type: 'SubscriptionCreated', data: { name: command.name, companyName, at: command.at } }];
}

function decideOnExisting(
  command: Exclude<SubscriptionCommand, { type: 'CreateSubscription' }>,
  state: Active,
): SubscriptionEvent[] {
  switch (command.type) {
    case 'IssueScimToken': {
      const { tokenId, secretHash, description, expiresAt, at } = command;
      if (Object.hasOwn(state.tokens, tokenId)) throw new ScimTokenIdTakenError(tokenId);
      if (expiresAt !== null && Date.parse(expiresAt) <= Date.parse(at))
        throw new TokenExpiryInPastError(expiresAt);
      return [{ type: 'ScimTokenIssued', data: { tokenId, secretHash, description, expiresAt, at } }];
    }
    case 'RevokeScimToken': {
      // Own keys only: an id such as "constructor" must not find Object.prototype's.
      const token = Object.hasOwn(state.tokens, command.tokenId) ? state.tokens[command.tokenId] : undefined;
      if (!token) throw new ScimTokenNotFoundError(state.name, command.tokenId);
      // Revoking twice is not an error: the token is revoked, as asked.
      if (token.revoked) return [];
      return [{ type: 'ScimTokenRevoked', data: { tokenId: command.tokenId, at: command.at } }];
    }
    case 'ChangeProvisioningPolicy': {
      const policy = provisioningPolicy(command.requiredUserAttributes, command.synchronizeDisabledUsers);
      if (samePolicy(policy, state.policy)) return [];
      return [{ type: 'ProvisioningPolicyChanged', data: { ...policy, at: command.at } }];
    }
    case 'AssignSubscriptionOwner':
    case 'AddCompanyOwner':
    case 'RemoveCompanyOwner':
      return decideRoles(command, state);
    default:
      return assertNever(command);
  }
}

function evolveActive(
  state: Subscription,
  event: Exclude<SubscriptionEvent, { type: 'SubscriptionCreated' }>,
): Subscription {
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'ScimTokenIssued':
      return { ...state, tokens: { ...state.tokens, [event.data.tokenId]: { revoked: false } } };
    case 'ScimTokenRevoked':
      return { ...state, tokens: { ...state.tokens, [event.data.tokenId]: { revoked: true } } };
    case 'ProvisioningPolicyChanged': {
      const { requiredUserAttributes, synchronizeDisabledUsers } = event.data;
      return { ...state, policy: { requiredUserAttributes, synchronizeDisabledUsers } };
    }
    case 'SubscriptionOwnerAssigned':
    case 'CompanyOwnerAdded':
    case 'CompanyOwnerRemoved':
      return evolveRoles(state, event);
    default:
      return assertNever(event);
  }
}

/**
 * A subscription (tenant): its SCIM tokens, provisioning policy, subscription owner and company
 * owners. Stream `subscription-<name>`.
 */
export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionEvent, Subscription> = {
  initialState: { status: 'absent' },
  decide(command, state) {
    if (command.type === 'CreateSubscription') return decideCreate(command, state);
    if (state.status === 'absent') throw new SubscriptionNotFoundError(command.subscription);
    return decideOnExisting(command, state);
  },
  evolve(state, event) {
    if (event.type === 'SubscriptionCreated')
      return {
        status: 'active',
        name: event.data.name,
        companyName: event.data.companyName,
        tokens: {},
        policy: DEFAULT_PROVISIONING_POLICY,
        subscriptionOwner: null,
        companyOwners: [],
      };
    return evolveActive(state, event);
  },
};
