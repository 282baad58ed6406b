import { WrittenUserState } from '../contracts/user.commands';
import { UserState } from '../domain/user.decider';

/** The user a write left, when it stored events (`recordedAt`) and the user exists. */
export function writtenUserState(
  state: UserState,
  recordedAt: string | undefined,
): WrittenUserState | undefined {
  if (recordedAt === undefined || (state.status !== 'active' && state.status !== 'disabled'))
    return undefined;
  return {
    profile: state.profile,
    active: state.status === 'active',
    managerId: state.managerId,
    recordedAt,
  };
}
