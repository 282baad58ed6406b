import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../platform/es/command-context';
import { Created, EventSourcedRepository, NewStream } from '../../../platform/es/event-sourced-repository';
import { takenAs } from '../../../platform/es/reservation.decider';
import { HolderState, Reservations } from '../../../platform/es/reservations';
import { userStream } from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';
import { caselessKey } from '../../../platform/text/caseless-key';

const scope = (subscription: string) => `userName:${subscription}`;
// RFC 7643: userName is caseExact false, so uniqueness ignores case (and Unicode normalization forms).
const key = (userName: string) => caselessKey(userName);

/** userName uniqueness per subscription, held in reservation streams of the event store. */
@Injectable()
export class UserNameReservation {
  constructor(
    private readonly reservations: Reservations,
    private readonly repository: EventSourcedRepository,
  ) {}

  /** True when this call claimed the name; false when the user held it already. */
  async claim(
    subscription: string,
    userName: string,
    userId: string,
    context: CommandContext,
  ): Promise<boolean> {
    const holderState = async (holder: string): Promise<HolderState> => {
      const { state } = await this.repository.load(userStream(subscription, holder), userDecider);
      if (state.status === 'deleted') return 'gone';
      if (state.status !== 'absent' && key(state.profile.userName) === key(userName)) return 'using';
      return 'not-using';
    };
    try {
      return await this.reservations.claim(scope(subscription), key(userName), userId, context, holderState);
    } catch (error) {
      throw takenAs(error, `userName "${userName}"`, 'another user of this subscription');
    }
  }

  /** claim() and the user's creation in one atomic append, when possible (see Reservations.claimCreating). */
  claimCreating(
    subscription: string,
    userName: string,
    userId: string,
    context: CommandContext,
    creation: NewStream,
  ): Promise<Created | undefined> {
    return this.reservations.claimCreating(scope(subscription), key(userName), userId, context, creation);
  }

  /** The write the name was claimed for failed: see Reservations.afterFailedWrite. */
  afterFailedWrite(
    subscription: string,
    userName: string,
    userId: string,
    context: CommandContext,
    writeError: unknown,
  ): Promise<void> {
    return this.reservations.afterFailedWrite(
      scope(subscription),
      key(userName),
      userId,
      context,
      writeError,
    );
  }

  async release(
    subscription: string,
    userName: string,
    userId: string,
    context: CommandContext,
  ): Promise<void> {
    await this.reservations.release(scope(subscription), key(userName), userId, context);
  }

  sameName(a: string, b: string): boolean {
    return key(a) === key(b);
  }
}
