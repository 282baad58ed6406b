import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { CommandContext } from '../../../platform/es/command-context';
import { DomainError } from '../../../platform/es/domain-event';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { RecordedEvent } from '../../../platform/event-store/event-store.port';
import { LOGGER } from '../../../platform/logging/logger';
import { ProcessManager } from '../../../platform/read-model/process-manager-runner';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { userEventOf } from '../../identity/contracts/user.events';
import {
  AssignSubscriptionOwnerCommand,
  RemoveCompanyOwnerCommand,
} from '../../subscription/contracts/subscription-roles.commands';
import { SubscriptionRoleErrorCodes } from '../../subscription/contracts/subscription-roles';
import { Handover } from '../contracts/heir-decision';
import {
  RoleNotMoved,
  permissionStream,
  resourceStream,
  transferStream,
} from '../contracts/ownership.events';
import { permissionDecider } from '../domain/permission.decider';
import { resourceDecider } from '../domain/resource.decider';
import { TransferStep } from '../domain/transfer-step';
import { transferDecider } from '../domain/transfer.decider';
import { OwnershipReader } from '../infrastructure/ownership.reader';

// Items moved at once: enough for the store's group commit to batch them, few enough to stay polite.
const PARALLEL_ITEMS = 32;

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/**
 * The disable-user saga: when a disable carrying a handover is recorded, moves every resource and
 * permission of the user to the heir, then the roles, recording the transfer from start to end.
 * Every step is idempotent (an item no longer held by the user is left alone), so a transfer
 * interrupted by a crash resumes and moves each item exactly once.
 */
@Injectable()
export class TransferOnUserDisabled implements ProcessManager {
  readonly name = 'ownership-transfer';

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
    private readonly commandBus: CommandBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  wants(event: RecordedEvent): boolean {
    return (event.type === 'UserDisabled' || event.type === 'UserDeleted') && event.data.handover != null;
  }

  async handle(recorded: RecordedEvent): Promise<void> {
    const event = userEventOf(recorded);
    if ((event?.type !== 'UserDisabled' && event?.type !== 'UserDeleted') || !event.data.handover) return;
    const { subscription, userId, handover } = event.data;
    const transferId = recorded.id;
    const context: CommandContext = {
      correlationId: recorded.metadata.correlationId,
      causationId: recorded.id,
      actor: 'system:ownership-transfer',
    };
    const stream = transferStream(subscription, transferId);
    const trigger = event.type === 'UserDeleted' ? 'deleted' : 'disabled';
    const started = await this.repository.execute(
      stream,
      transferDecider,
      {
        type: 'Start',
        subscription,
        transferId,
        fromUserId: userId,
        handover,
        trigger,
        at: new Date().toISOString(),
      },
      context,
    );
    if (started.state.status === 'completed') return;

    const step: TransferStep = {
      type: 'Transfer',
      fromUserId: userId,
      toUserId: handover.heirId,
      transferId,
      rule: handover.rule,
      at: new Date().toISOString(),
    };
    const held = this.reader.heldBy(subscription, userId);
    await inBatches(held.resources, PARALLEL_ITEMS, async (id) => {
      await this.repository.execute(resourceStream(subscription, id), resourceDecider, step, context);
    });
    await inBatches(held.permissions, PARALLEL_ITEMS, async (id) => {
      await this.repository.execute(permissionStream(subscription, id), permissionDecider, step, context);
    });
    const rolesNotMoved = await this.moveRoles(subscription, userId, handover, context);

    await this.readModel.waitForHead();
    const items = this.reader.transferItems(subscription, transferId);
    await this.repository.execute(
      stream,
      transferDecider,
      {
        type: 'Complete',
        resources: items.filter((i) => i.kind === 'resource').length,
        permissions: items.filter((i) => i.kind === 'permission').length,
        rolesNotMoved,
        at: new Date().toISOString(),
      },
      context,
    );
    this.logger.info(
      { subscription, transferId, from: userId, to: handover.heirId, rule: handover.rule },
      'ownership transfer completed',
    );
  }

  /** The role changes of the handover; those the rules refuse are returned, not retried. */
  private async moveRoles(
    subscription: string,
    userId: string,
    handover: Handover,
    context: CommandContext,
  ): Promise<RoleNotMoved[]> {
    const notMoved: RoleNotMoved[] = [];
    if (handover.takesSubscriptionOwnership) {
      const refusal = await this.refusalOf(() =>
        this.commandBus.execute(
          new AssignSubscriptionOwnerCommand(subscription, handover.heirId, context, userId),
        ),
      );
      if (refusal) notMoved.push({ role: 'subscription-owner', reason: refusal.message });
    }
    // seed: a disabled company owner stops being a company owner.
    if (handover.removesCompanyOwnership) {
      const refusal = await this.refusalOf(() =>
        this.commandBus.execute(new RemoveCompanyOwnerCommand(subscription, userId, 'disabled', context)),
      );
      // Not a company owner (any more): what the change was for holds, e.g. done before a crash.
      if (refusal && refusal.code !== SubscriptionRoleErrorCodes.NotACompanyOwner)
        notMoved.push({ role: 'company-owner-removed', reason: refusal.message });
    }
    return notMoved;
  }

  /** The rules' refusal of a role change (logged); other failures are thrown, to be retried. */
  private async refusalOf(work: () => Promise<unknown>): Promise<DomainError | undefined> {
    try {
      await work();
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({ code: error.code, detail: error.message }, 'role not moved by the transfer');
      return error;
    }
  }
}
