import { Body, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { SubscriptionRoles } from '../contracts/subscription-roles';
import {
  AddCompanyOwnerCommand,
  AssignSubscriptionOwnerCommand,
  RemoveCompanyOwnerCommand,
} from '../contracts/subscription-roles.commands';
import { RoleHolderDto } from './role-holder.dto';

/** The subscription owner and company owners; answers the roles as they are after the change. */
@AdminController('subscriptions')
export class SubscriptionRolesController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':name/owner')
  async assignOwner(
    @Param('name') name: string,
    @Body() body: RoleHolderDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<SubscriptionRoles> {
    const { roles } = await this.commands.execute(
      new AssignSubscriptionOwnerCommand(name, body.userId, context),
    );
    return roles;
  }

  @Post(':name/company-owners')
  async addCompanyOwner(
    @Param('name') name: string,
    @Body() body: RoleHolderDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<SubscriptionRoles> {
    const { roles } = await this.commands.execute(new AddCompanyOwnerCommand(name, body.userId, context));
    return roles;
  }

  @Delete(':name/company-owners/:userId')
  @HttpCode(204)
  async removeCompanyOwner(
    @Param('name') name: string,
    @Param('userId') userId: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<void> {
    await this.commands.execute(new RemoveCompanyOwnerCommand(name, userId, 'removed', context));
  }
}
