import { groupStream } from '../../identity/contracts/group.events';
import { userStream } from '../../identity/contracts/user.events';
import { permissionStream, resourceStream, transferStream } from '../../ownership/contracts/ownership.events';

/** The entities whose history can be read, each with its stream name as its owning module builds it. */
export const AUDITED_STREAMS = {
  user: userStream,
  group: groupStream,
  resource: resourceStream,
  permission: permissionStream,
  transfer: transferStream,
} satisfies Record<string, (subscription: string, id: string) => string>;

export type AuditedEntity = keyof typeof AUDITED_STREAMS;
