import { randomUUID } from 'node:crypto';
import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { CreateResourceCommand, GrantPermissionCommand } from '../contracts/ownership.commands';
import { OwnershipReader } from '../infrastructure/ownership.reader';
import { CreateResourceDto, GrantPermissionDto } from './ownership.dto';
import { requireSubscription } from './subscription-exists';

/** Resources owned by users and administrator permissions held by users, and their transfers. */
@AdminController('subscriptions')
export class OwnershipController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
  ) {}

  @Post(':name/resources')
  @HttpCode(201)
  async createResource(
    @Param('name') name: string,
    @Body() body: CreateResourceDto,
    @AdminCommandContext() context: CommandContext,
  ) {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(
      new CreateResourceCommand(sub, randomUUID(), body.type, body.name, body.ownerId, context),
    );
    await this.readModel.waitFor(result.position);
    return this.reader.resource(sub, result.id);
  }

  @Get(':name/resources')
  async listResources(@Param('name') name: string, @Query('ownerId') ownerId?: string) {
    const sub = await requireSubscription(this.queryBus, name);
    return { resources: this.reader.resources(sub, ownerId || undefined) };
  }

  @Post(':name/permissions')
  @HttpCode(201)
  async grantPermission(
    @Param('name') name: string,
    @Body() body: GrantPermissionDto,
    @AdminCommandContext() context: CommandContext,
  ) {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(
      new GrantPermissionCommand(sub, randomUUID(), body.permission, body.userId, context),
    );
    await this.readModel.waitFor(result.position);
    return this.reader.permission(sub, result.id);
  }

  @Get(':name/permissions')
  async listPermissions(@Param('name') name: string, @Query('userId') userId?: string) {
    const sub = await requireSubscription(this.queryBus, name);
    return { permissions: this.reader.permissions(sub, userId || undefined) };
  }

  @Get(':name/ownership-transfers')
  async transfers(@Param('name') name: string) {
    const sub = await requireSubscription(this.queryBus, name);
    return {
      transfers: this.reader.transfers(sub).map((t) => {
        const items = this.reader.transferItems(sub, t.id);
        return {
          ...t,
          status: t.endedAt ? 'completed' : 'in-progress',
          items: {
            resources: items.filter((i) => i.kind === 'resource').map((i) => i.itemId),
            permissions: items.filter((i) => i.kind === 'permission').map((i) => i.itemId),
          },
        };
      }),
    };
  }
}
