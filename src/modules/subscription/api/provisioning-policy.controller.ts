import { Body, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { ChangeProvisioningPolicyCommand } from '../application/change-provisioning-policy.command';
import { ProvisioningPolicy } from '../contracts/provisioning-policy';
import { GetProvisioningPolicyQuery } from '../contracts/subscription.queries';
import { SubscriptionNotFoundError } from '../domain/subscription.errors';
import { ProvisioningPolicyDto } from './provisioning-policy.dto';

@AdminController('subscriptions')
export class ProvisioningPolicyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':name/provisioning-policy')
  async get(@Param('name') name: string): Promise<ProvisioningPolicy> {
    const policy = await this.queries.execute(new GetProvisioningPolicyQuery(name));
    if (!policy) throw new SubscriptionNotFoundError(name);
    return policy;
  }

  /** Replaces the policy and answers it as stored: userName is added back when left out. */
  @Put(':name/provisioning-policy')
  replace(
    @Param('name') name: string,
    @Body() body: ProvisioningPolicyDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<ProvisioningPolicy> {
    return this.commands.execute(
      new ChangeProvisioningPolicyCommand(
        name,
        body.requiredUserAttributes,
        body.synchronizeDisabledUsers,
        context,
      ),
    );
  }
}
