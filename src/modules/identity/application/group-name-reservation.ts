import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../platform/es/command-context';
import { Created, NewStream } from '../../../platform/es/event-sourced-repository';
import { takenAs } from '../../../platform/es/reservation.decider';
import { HolderState, Reservations } from '../../../platform/es/reservations';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { IdentityIndexReader } from '../infrastructure/identity-index.reader';
import { caselessKey } from '../../../platform/text/caseless-key';

const scope = (subscription: string) => `groupName:${subscription}`;
// Entra matches groups by displayName, case-insensitively.
const key = (displayName: string) => caselessKey(displayName);

/** Group displayName uniqueness per subscription, held in reservation streams of the event store. */
@Injectable()
export class GroupNameReservation {
  constructor(
    private readonly reservations: Reservations,
    private readonly index: IdentityIndexReader,
    private readonly readModel: ReadModel,
  ) {}

  /** True when this call claimed the name; false when the group held it already. */
  async claim(
    subscription: string,
    displayName: string,
    groupId: string,
    context: CommandContext,
  ): Promise<boolean> {
    const holderState = async (holder: string): Promise<HolderState> => {
      // The index must have seen every write before it may say what the holder carries.
      await this.readModel.waitForHead();
      const group = this.index.group(subscription, holder);
      if (group?.state.status === 'present' && key(group.state.displayName) === key(displayName))
        return 'using';
      // Deleted groups leave the index: absent is "not using" (maybe not created yet), never "gone".
      return 'not-using';
    };
    try {
      return await this.reservations.claim(
        scope(subscription),
        key(displayName),
        groupId,
        context,
        holderState,
      );
    } catch (error) {
      throw takenAs(error, `displayName "${displayName}"`, 'another group of this subscription');
    }
  }

  /** claim() and the group's creation in one atomic append, when possible (see Reservations.claimCreating). */
  claimCreating(
    subscription: string,
    displayName: string,
    groupId: string,
    context: CommandContext,
    creation: NewStream,
  ): Promise<Created | undefined> {
    return this.reservations.claimCreating(scope(subscription), key(displayName), groupId, context, creation);
  }

  /** The write the name was claimed for failed: see Reservations.afterFailedWrite. */
  afterFailedWrite(
    subscription: string,
    displayName: string,
    groupId: string,
    context: CommandContext,
    writeError: unknown,
  ): Promise<void> {
    return this.reservations.afterFailedWrite(
      scope(subscription),
      key(displayName),
      groupId,
      context,
      writeError,
    );
  }

  async release(
    subscription: string,
    displayName: string,
    groupId: string,
    context: CommandContext,
  ): Promise<void> {
    await this.reservations.release(scope(subscription), key(displayName), groupId, context);
  }

  sameName(a: string, b: string): boolean {
    return key(a) === key(b);
  }
}
