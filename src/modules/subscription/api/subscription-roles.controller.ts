import { Body, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import {
  AddCompanyOwnerCommand,
  AssignSubscriptionOwnerCommand,
  RemoveCompanyOwnerCommand,
} from '../contracts/subscription-roles.commands';
import { RoleHolderDto } from './role-holder.dto';
import { SubscriptionRolesResponse } from './subscription.responses';

/** The subscription owner and company owners; answers the roles as they are after the change. */
@ApiTags('Roles')
@AdminController('subscriptions')
export class SubscriptionRolesController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':name/owner')
  @ApiOperation({
    summary: 'Assign the subscription owner',
    description:
      'Makes an active user of the subscription its subscription owner, replacing the previous one ' +
      '(there is exactly one once assigned). Assigning the current owner again changes nothing.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'The roles after the change.', type: SubscriptionRolesResponse })
  @ApiAdminError(404, 'No subscription with this name, or the user is not a user of this subscription.')
  @ApiAdminError(409, 'The user is disabled: roles go only to active users.')
  async assignOwner(
    @Param('name') name: string,
    @Body() body: RoleHolderDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<SubscriptionRolesResponse> {
    const { roles } = await this.commands.execute(
      new AssignSubscriptionOwnerCommand(name, body.userId, context),
    );
    return roles;
  }

  @Post(':name/company-owners')
  @ApiOperation({
    summary: 'Add a company owner',
    description:
      'Makes an active user of the subscription a company owner; a subscription can have several, ' +
      'kept in the order they were added. Adding a user who already is one changes nothing.',
  })
  @ApiSubscriptionName()
  @ApiCreatedResponse({ description: 'The roles after the change.', type: SubscriptionRolesResponse })
  @ApiAdminError(404, 'No subscription with this name, or the user is not a user of this subscription.')
  @ApiAdminError(409, 'The user is disabled: roles go only to active users.')
  async addCompanyOwner(
    @Param('name') name: string,
    @Body() body: RoleHolderDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<SubscriptionRolesResponse> {
    const { roles } = await this.commands.execute(new AddCompanyOwnerCommand(name, body.userId, context));
    return roles;
  }

  @Delete(':name/company-owners/:userId')
  @ApiOperation({
    summary: 'Remove a company owner',
    description:
      'The user stops being a company owner. A subscription never loses its last company owner, ' +
      'nor its last active one (a disabled company owner stays listed until its transfer removes ' +
      'it): removing the only one answers 409 (add another company owner first).',
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'userId',
    description: 'SCIM `id` of the company owner.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @ApiNoContentResponse({ description: 'The user is no longer a company owner.' })
  @ApiAdminError(404, 'No subscription with this name, or the user is not a company owner of it.')
  @ApiAdminError(409, 'The user is the only company owner, or the only active one, of the subscription.')
  @HttpCode(204)
  async removeCompanyOwner(
    @Param('name') name: string,
    @Param('userId') userId: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<void> {
    await this.commands.execute(new RemoveCompanyOwnerCommand(name, userId, 'removed', context));
  }
}
