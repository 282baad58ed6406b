import { expect } from '@jest/globals';
import { resourceStream } from '../../src/modules/ownership/contracts/ownership.events';
import { DomainEvent } from '../../src/platform/es/domain-event';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import { RunningApp } from '../support/e2e-app';
import { ScimUser, Tenant } from '../support/scim-fixtures';
import { startOnV1ResourceCreated } from '../support/schema-evolution-fixtures';

/**
 * Schema evolution, in the repository of the started application: a ResourceCreated stored at
 * version 1 (field `type`) is loaded in the v2 shape (`resourceType`). What HTTP shows of it (the
 * projection, the history, the saga, the export) is end to end in
 * test/e2e/audit-schema-evolution.e2e.spec.ts, on the same store.
 */
describe('audit: an old-version event is loaded in the current shape by the repository', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let owner: ScimUser;
  let legacyId: string;

  beforeAll(async () => {
    ({ running, tenant, owner, legacyId } = await startOnV1ResourceCreated());
  });
  afterAll(async () => {
    await running?.close();
  });

  it('the repository loads it as v2', async () => {
    const seen: DomainEvent[] = [];
    await running.app.get(EventSourcedRepository).load(resourceStream(tenant.name, legacyId), {
      initialState: null,
      evolve: (_state: null, event: DomainEvent) => {
        seen.push(event);
        return null;
      },
    });
    expect(seen).toEqual([
      {
        type: 'ResourceCreated',
        data: expect.objectContaining({ resourceType: 'report', name: 'legacy report', ownerId: owner.id }),
      },
    ]);
    expect(seen[0].data).not.toHaveProperty('type');
  });
});
