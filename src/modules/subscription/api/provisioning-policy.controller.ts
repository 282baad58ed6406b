import { Body, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { ChangeProvisioningPolicyCommand } from '../application/change-provisioning-policy.command';
import { ProvisioningPolicy } from '../contracts/provisioning-policy';
import { GetProvisioningPolicyQuery } from '../contracts/subscription.queries';
import { SubscriptionNotFoundError } from '../domain/subscription.errors';
import { ProvisioningPolicyDto } from './provisioning-policy.dto';
import { ProvisioningPolicyResponse } from './subscription.responses';

@ApiTags('Provisioning policy')
@AdminController('subscriptions')
export class ProvisioningPolicyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':name/provisioning-policy')
  @ApiOperation({
    summary: 'Show the provisioning policy',
    description:
      'Which users the subscription synchronizes: the SCIM attributes a user must carry, and whether ' +
      'a user created disabled is accepted. A new subscription has the default policy (userName, ' +
      'emails, name.givenName and name.familyName required; users created disabled refused).',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'The policy in force.', type: ProvisioningPolicyResponse })
  @ApiAdminError(404, 'No subscription with this name.')
  async get(@Param('name') name: string): Promise<ProvisioningPolicy> {
    const policy = await this.queries.execute(new GetProvisioningPolicyQuery(name));
    if (!policy) throw new SubscriptionNotFoundError(name);
    return policy;
  }

  /** Replaces the policy and answers it as stored: userName is added back when left out. */
  @Put(':name/provisioning-policy')
  @ApiOperation({
    summary: 'Replace the provisioning policy',
    description:
      'Replaces the whole policy (both fields are required). It applies to the SCIM requests that ' +
      'follow: creating a user, or changing its profile, in a way that does not satisfy it is refused ' +
      'with 400 and logged; users already stored are not re-checked until their profile changes. ' +
      'userName is always required and is added back when left out; attribute names are ' +
      'case-insensitive and answered in canonical form.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'The policy as stored.', type: ProvisioningPolicyResponse })
  @ApiAdminError(400, 'A field is missing or of the wrong type, or an attribute name is unknown.')
  @ApiAdminError(404, 'No subscription with this name.')
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
