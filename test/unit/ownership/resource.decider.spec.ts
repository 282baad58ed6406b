import { ResourceEvent } from '../../../src/modules/ownership/contracts/ownership.events';
import { ResourceNotFoundError } from '../../../src/modules/ownership/domain/ownership.errors';
import { ResourceCommand, resourceDecider } from '../../../src/modules/ownership/domain/resource.decider';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(resourceDecider);
const at = '2026-01-01T00:00:00.000Z';
const ref = { subscription: 'acme', resourceId: 'r1', at };
const created: ResourceEvent = {
  type: 'ResourceCreated',
  data: { ...ref, resourceType: 'dashboard', name: 'Sales', ownerId: 'ann' },
};
const deleted: ResourceEvent = {
  type: 'ResourceDeleted',
  data: { ...ref, resourceType: 'dashboard', name: 'Sales', ownerId: 'ann' },
};
const remove: ResourceCommand = { type: 'Delete', resourceId: 'r1', at };

describe('resource decider: delete', () => {
  it('deletes a resource, naming its owner now', () =>
    spec
      .given([
        created,
        {
          type: 'ResourceOwnershipTransferred',
          data: { ...ref, fromUserId: 'ann', toUserId: 'boss', transferId: 't0', rule: 'manager' },
        },
      ])
      .when(remove)
      .then([
        {
          type: 'ResourceDeleted',
          data: { ...ref, resourceType: 'dashboard', name: 'Sales', ownerId: 'boss' },
        },
      ]));

  it('refuses a resource never created, or deleted already (not found)', () => {
    spec.given([]).when(remove).thenThrows(ResourceNotFoundError);
    spec.given([created, deleted]).when(remove).thenThrows(ResourceNotFoundError);
  });

  it('a deleted resource moves no more', () =>
    spec
      .given([created, deleted])
      .when({ type: 'Transfer', fromUserId: 'ann', toUserId: 'boss', transferId: 't1', rule: 'manager', at })
      .thenNothing());
});
