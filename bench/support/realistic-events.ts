import { createHash, randomUUID } from 'node:crypto';
import type { GroupEvent } from '../../src/modules/identity/contracts/group.events';
import { groupStream } from '../../src/modules/identity/contracts/group.events';
import type { UserProfile } from '../../src/modules/identity/contracts/user-profile';
import type { UserEvent } from '../../src/modules/identity/contracts/user.events';
import { userStream } from '../../src/modules/identity/contracts/user.events';
import type { OwnershipEvent } from '../../src/modules/ownership/contracts/ownership.events';
import {
  OWNERSHIP_EVENT_VERSIONS,
  permissionStream,
  resourceStream,
} from '../../src/modules/ownership/contracts/ownership.events';
import type { SubscriptionEvent } from '../../src/modules/subscription/contracts/subscription.events';
import { subscriptionStream } from '../../src/modules/subscription/contracts/subscription-stream';
import type { EventStore, JsonObject, NewEvent } from '../../src/platform/event-store/event-store.port';
import { reservationStream } from '../../src/platform/es/reservations';
import { uuidV7 } from '../../src/platform/es/uuid-v7';

type AnyEvent = UserEvent | GroupEvent | OwnershipEvent | SubscriptionEvent;

export interface Append {
  streamId: string;
  events: NewEvent[];
}

/**
 * The events the service writes for a tenant that Entra provisions, in the shapes of the
 * modules' contracts (the compiler checks them): per user a userName reservation, the
 * provisioning, four profile changes and often a manager; per 10 users a resource and a
 * permission; per 50 users a group filled in five member additions; per 100 users a disable and
 * a delete. Streams are appended whole (big multi-event appends). Event, user, group, resource
 * and permission ids are time-ordered (UUIDv7) like the ones the service generates: random ids
 * put each user's index rows at a random place of the read model's B-trees, which a log written
 * by the service does not do (it did before f836479).
 */
export function* tenantAppends(subscription: string, users: number): Generator<Append> {
  const at = () => new Date().toISOString();
  yield {
    streamId: subscriptionStream(subscription),
    events: [
      event({
        type: 'SubscriptionCreated',
        data: { name: subscription, companyName: `${subscription} Ltd`, at: at() },
      }),
      event({
        type: 'ScimTokenIssued',
        data: {
          tokenId: randomUUID(),
          secretHash: createHash('sha256').update(randomUUID()).digest('hex'),
          description: 'Entra ID',
          expiresAt: null,
          at: at(),
        },
      }),
    ],
  };
  const ids: string[] = [];
  for (let n = 0; n < users; n++) {
    const userId = uuidV7();
    const userName = `user${n}@${subscription}.example`;
    ids.push(userId);
    yield {
      streamId: reservationStream(`${subscription}-userName`, userName.toLowerCase()),
      events: [
        event({ type: 'ReservationClaimed', data: { scope: 'userName', key: userName, owner: userId } }),
      ],
    };
    const events: AnyEvent[] = [
      {
        type: 'UserProvisioned',
        data: {
          subscription,
          userId,
          at: at(),
          profile: profile(userName, n, 0),
          active: true,
          managerId: null,
        },
      },
    ];
    for (let change = 1; change <= 4; change++)
      events.push({
        type: 'UserProfileChanged',
        data: { subscription, userId, at: at(), profile: profile(userName, n, change) },
      });
    if (n % 3 !== 0 && ids.length > 1)
      events.push({
        type: 'UserManagerAssigned',
        data: { subscription, userId, at: at(), managerId: ids[n - 1] },
      });
    yield { streamId: userStream(subscription, userId), events: events.map(event) };

    if (n % 10 === 9) yield* ownership(subscription, userId, at);
    if (n % 50 === 49) yield* group(subscription, ids.slice(-50), at);
    if (n % 100 === 99)
      yield* goodbyes(subscription, ids[n - 98], ids[n - 97], `user${n - 97}@${subscription}.example`, at);
  }
}

function* ownership(subscription: string, ownerId: string, at: () => string): Generator<Append> {
  const resourceId = uuidV7();
  const permissionId = uuidV7();
  yield {
    streamId: resourceStream(subscription, resourceId),
    events: [
      event({
        type: 'ResourceCreated',
        data: {
          subscription,
          at: at(),
          resourceId,
          resourceType: 'workspace',
          name: `ws-${resourceId.slice(0, 8)}`,
          ownerId,
        },
      }),
    ],
  };
  yield {
    streamId: permissionStream(subscription, permissionId),
    events: [
      event({
        type: 'PermissionGranted',
        data: { subscription, at: at(), permissionId, permission: 'billing-admin', holderId: ownerId },
      }),
    ],
  };
}

function* group(subscription: string, members: string[], at: () => string): Generator<Append> {
  const groupId = uuidV7();
  const events: AnyEvent[] = [
    {
      type: 'GroupCreated',
      data: {
        subscription,
        groupId,
        at: at(),
        displayName: `Team ${groupId.slice(0, 8)}`,
        externalId: randomUUID(),
      },
    },
  ];
  for (let i = 0; i < members.length; i += 10)
    events.push({
      type: 'GroupMembersAdded',
      data: {
        subscription,
        groupId,
        at: at(),
        members: members.slice(i, i + 10).map((id) => ({ id, type: 'User' as const })),
      },
    });
  yield { streamId: groupStream(subscription, groupId), events: events.map(event) };
}

/** One user disabled and one deleted: both own nothing, so no handover. */
function* goodbyes(
  subscription: string,
  disabled: string,
  deleted: string,
  userName: string,
  at: () => string,
): Generator<Append> {
  yield {
    streamId: userStream(subscription, disabled),
    events: [
      event({ type: 'UserDisabled', data: { subscription, userId: disabled, at: at(), handover: null } }),
    ],
  };
  yield {
    streamId: userStream(subscription, deleted),
    events: [
      event({
        type: 'UserDeleted',
        data: { subscription, userId: deleted, at: at(), userName, handover: null },
      }),
    ],
  };
}

function profile(userName: string, n: number, change: number): UserProfile {
  return {
    userName,
    externalId: `ext-${n}`,
    name: { formatted: `Given${n} Family${n}`, givenName: `Given${n}`, familyName: `Family${n}` },
    displayName: `Given${n} Family${n}`,
    title: change % 2 === 0 ? 'Engineer' : 'Senior Engineer',
    preferredLanguage: 'en-US',
    emails: [{ value: userName, type: 'work', primary: true }],
    phoneNumbers: [{ value: `+1 555 ${String(n).padStart(7, '0')}`, type: 'work' }],
    enterprise: {
      employeeNumber: String(100000 + n),
      department: `Department ${change}`,
      costCenter: `CC-${n % 40}`,
    },
  };
}

function event(domainEvent: { type: string; data: object }): NewEvent {
  return {
    id: uuidV7(),
    type: domainEvent.type,
    data: domainEvent.data as JsonObject,
    metadata: {
      schemaVersion: (OWNERSHIP_EVENT_VERSIONS as Record<string, number>)[domainEvent.type] ?? 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'scim-token:bench',
      timestamp: new Date().toISOString(),
    },
  };
}

/**
 * Appends `appends` with up to `inFlight` appends queued at once, so the group-commit writer
 * writes thousands of events per transaction. Returns the number of events written.
 */
export async function appendAll(
  store: EventStore,
  appends: Iterable<Append>,
  inFlight = 2000,
): Promise<number> {
  let written = 0;
  let batch: Promise<unknown>[] = [];
  for (const append of appends) {
    written += append.events.length;
    batch.push(store.append(append.streamId, append.events, 'any'));
    if (batch.length >= inFlight) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  return written;
}
