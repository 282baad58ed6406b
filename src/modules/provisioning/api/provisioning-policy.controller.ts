import { Body, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { DomainError } from '../../../platform/es/domain-event';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { DEFAULT_PROVISIONING_POLICY } from '../../subscription/contracts/provisioning-policy';
import { ChangeProvisioningPolicyCommand } from '../../subscription/contracts/provisioning-policy.commands';
import { requireSubscription } from '../../subscription/contracts/require-subscription';
import { GetProvisioningPolicyQuery } from '../../subscription/contracts/subscription.queries';
import {
  REQUIRED_USER_ATTRIBUTE_NAMES,
  profileAttributesOf,
  scimPolicy,
} from '../domain/schema/required-user-attributes';
import { ProvisioningPolicyDto, ProvisioningPolicyResponse } from './provisioning-policy.dto';

/**
 * The subscription's provisioning policy, as admins name it: SCIM attributes. Subscription keeps
 * it as profile attributes (it never speaks SCIM); the names are mapped here, in both directions.
 */
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
  async get(@Param('name') name: string): Promise<ProvisioningPolicyResponse> {
    const subscription = await requireSubscription(this.queries, name);
    const policy = await this.queries.execute(new GetProvisioningPolicyQuery(subscription));
    return scimPolicy(policy ?? DEFAULT_PROVISIONING_POLICY);
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
  async replace(
    @Param('name') name: string,
    @Body() body: ProvisioningPolicyDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<ProvisioningPolicyResponse> {
    // An unknown subscription answers 404 before its body is judged.
    const subscription = await requireSubscription(this.queries, name);
    const mapped = profileAttributesOf(body.requiredUserAttributes);
    if ('unknown' in mapped) throw new UnknownRequiredAttributeError(mapped.unknown);
    const policy = await this.commands.execute(
      new ChangeProvisioningPolicyCommand(
        subscription,
        mapped.attributes,
        body.synchronizeDisabledUsers,
        context,
      ),
    );
    return scimPolicy(policy);
  }
}

class UnknownRequiredAttributeError extends DomainError {
  constructor(unknown: readonly string[]) {
    super(
      'provisioning.policy.unknown-attribute',
      `unknown required user attribute(s): ${unknown.join(', ')}; allowed: ${REQUIRED_USER_ATTRIBUTE_NAMES.join(', ')}`,
      'invalid',
    );
  }
}
