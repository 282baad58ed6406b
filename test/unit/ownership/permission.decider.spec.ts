import { PermissionEvent } from '../../../src/modules/ownership/contracts/ownership.events';
import { PermissionNotFoundError } from '../../../src/modules/ownership/domain/ownership.errors';
import {
  PermissionCommand,
  permissionDecider,
} from '../../../src/modules/ownership/domain/permission.decider';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(permissionDecider);
const at = '2026-01-01T00:00:00.000Z';
const ref = { subscription: 'acme', permissionId: 'p1', at };
const granted: PermissionEvent = {
  type: 'PermissionGranted',
  data: { ...ref, permission: 'billing:admin', holderId: 'ann' },
};
const revoke: PermissionCommand = { type: 'Revoke', permissionId: 'p1', at };
const transfer: PermissionCommand = {
  type: 'Transfer',
  fromUserId: 'ann',
  toUserId: 'boss',
  transferId: 't1',
  rule: 'manager',
  at,
};

describe('permission decider: revoke', () => {
  it('revokes a granted permission, naming its holder now', () =>
    spec
      .given([
        granted,
        {
          type: 'PermissionTransferred',
          data: { ...ref, fromUserId: 'ann', toUserId: 'boss', transferId: 't0', rule: 'manager' },
        },
      ])
      .when(revoke)
      .then([
        { type: 'PermissionRevoked', data: { ...ref, permission: 'billing:admin', holderId: 'boss' } },
      ]));

  it('refuses a permission never granted, or revoked already (not found)', () => {
    spec.given([]).when(revoke).thenThrows(PermissionNotFoundError);
    spec
      .given([
        granted,
        { type: 'PermissionRevoked', data: { ...ref, permission: 'billing:admin', holderId: 'ann' } },
      ])
      .when(revoke)
      .thenThrows(PermissionNotFoundError);
  });

  it('a revoked permission moves no more: a transfer step is a no-op', () =>
    spec
      .given([
        granted,
        { type: 'PermissionRevoked', data: { ...ref, permission: 'billing:admin', holderId: 'ann' } },
      ])
      .when(transfer)
      .thenNothing());
});
