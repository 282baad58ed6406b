import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { DomainError } from '../../../platform/es/domain-event';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { KeysetPage } from '../../../platform/read-model/keyset-page';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/admin/keyset-cursor';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../../platform/http/admin/page-query.dto';
import {
  CreateResourceCommand,
  DeleteResourceCommand,
  GrantPermissionCommand,
  RevokePermissionCommand,
} from '../contracts/ownership.commands';
import { OwnershipReader } from '../infrastructure/ownership.reader';
import {
  CreateResourceDto,
  GrantPermissionDto,
  ListPermissionsQueryDto,
  ListResourcesQueryDto,
} from './ownership.dto';
import {
  OwnershipTransferListResponse,
  PermissionListResponse,
  PermissionResponse,
  ResourceListResponse,
  ResourceResponse,
} from './ownership.responses';
import { requireSubscription } from '../../subscription/contracts/require-subscription';
import { uuidV7 } from '../../../platform/es/uuid-v7';

/** Resources owned by users and administrator permissions held by users, and their transfers. */
@ApiTags('Resources and permissions')
@AdminController('subscriptions')
export class OwnershipController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
  ) {}

  @Post(':name/resources')
  @ApiOperation({
    summary: 'Create a resource',
    description:
      'Creates a resource owned by an active user of the subscription. When its owner is disabled or ' +
      'deleted, the resource is transferred to the heir chosen by the disable-user rule.',
  })
  @ApiSubscriptionName()
  @ApiCreatedResponse({ description: 'The resource as created.', type: ResourceResponse })
  @ApiAdminError(400, 'type, name or ownerId is missing, blank or too long.')
  @ApiAdminError(404, 'No subscription with this name, or ownerId is not a user of this subscription.')
  @ApiAdminError(409, 'The owner is disabled and cannot receive it.')
  @HttpCode(201)
  async createResource(
    @Param('name') name: string,
    @Body() body: CreateResourceDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<ResourceResponse> {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(
      new CreateResourceCommand(sub, uuidV7(), body.type, body.name, body.ownerId, context),
    );
    await this.readModel.waitFor(result.position);
    const resource = this.reader.resource(sub, result.id);
    // Read after its own write: only a delete of the new id in between leaves nothing to show.
    if (!resource)
      throw new DomainError('resource.not-found', `resource ${result.id} was deleted meanwhile`, 'not-found');
    return resource;
  }

  @Get(':name/resources')
  @ApiOperation({
    summary: 'List resources',
    description:
      'The resources of the subscription, oldest first, a page at a time (follow nextCursor); with ' +
      'ownerId, only those that user owns.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'A page of the resources.', type: ResourceListResponse })
  @ApiAdminError(
    400,
    'ownerId is given more than once (it is then not a string), limit is not 1 to 1000, or cursor is not one this API returned.',
  )
  @ApiAdminError(404, 'No subscription with this name.')
  async listResources(
    @Param('name') name: string,
    @Query() { ownerId, limit, cursor }: ListResourcesQueryDto,
  ): Promise<ResourceListResponse> {
    const after = decodeKeysetCursor(cursor);
    const sub = await requireSubscription(this.queryBus, name);
    const page = this.reader.resourcePage(sub, ownerId || undefined, after, limit ?? DEFAULT_PAGE_SIZE);
    return { resources: page.items, nextCursor: nextCursorOf(page) };
  }

  @Post(':name/permissions')
  @ApiOperation({
    summary: 'Grant an administrator permission',
    description:
      'Grants a permission to an active user of the subscription. When the holder is disabled or ' +
      'deleted, the permission is transferred to the heir chosen by the disable-user rule.',
  })
  @ApiSubscriptionName()
  @ApiCreatedResponse({ description: 'The permission as granted.', type: PermissionResponse })
  @ApiAdminError(400, 'userId or permission is missing, blank or too long.')
  @ApiAdminError(404, 'No subscription with this name, or userId is not a user of this subscription.')
  @ApiAdminError(409, 'The user is disabled and cannot receive it.')
  @HttpCode(201)
  async grantPermission(
    @Param('name') name: string,
    @Body() body: GrantPermissionDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<PermissionResponse> {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(
      new GrantPermissionCommand(sub, uuidV7(), body.permission, body.userId, context),
    );
    await this.readModel.waitFor(result.position);
    const permission = this.reader.permission(sub, result.id);
    if (!permission)
      throw new DomainError(
        'permission.not-found',
        `permission ${result.id} was revoked meanwhile`,
        'not-found',
      );
    return permission;
  }

  @Delete(':name/resources/:id')
  @ApiOperation({
    summary: 'Delete a resource',
    description:
      'Deletes the resource, whoever owns it now (recorded as ResourceDeleted in its history). A ' +
      "deleted resource is no one's: no transfer moves it any more.",
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'Id of the resource.',
    example: '5b1f7f0e-3f2a-4c8e-9a57-2f1b3b0c6d11',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiAdminError(404, 'No subscription with this name, or no such resource (never created, or deleted).')
  @HttpCode(204)
  async deleteResource(
    @Param('name') name: string,
    @Param('id') id: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<void> {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(new DeleteResourceCommand(sub, id, context));
    await this.readModel.waitFor(result.position);
  }

  @Delete(':name/permissions/:id')
  @ApiOperation({
    summary: 'Revoke an administrator permission',
    description:
      'Takes the permission away from whoever holds it now (recorded as PermissionRevoked in its ' +
      "history). A revoked permission is no one's: no transfer moves it any more.",
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'Id of the permission.',
    example: 'c7d2a9e4-1b6f-4f0a-8d3e-6a5b4c3d2e1f',
  })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiAdminError(404, 'No subscription with this name, or no such permission (never granted, or revoked).')
  @HttpCode(204)
  async revokePermission(
    @Param('name') name: string,
    @Param('id') id: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<void> {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(new RevokePermissionCommand(sub, id, context));
    await this.readModel.waitFor(result.position);
  }

  @Get(':name/permissions')
  @ApiOperation({
    summary: 'List administrator permissions',
    description:
      'The permissions of the subscription, oldest grant first, a page at a time (follow ' +
      'nextCursor); with userId, only those that user holds.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'A page of the permissions.', type: PermissionListResponse })
  @ApiAdminError(
    400,
    'userId is given more than once (it is then not a string), limit is not 1 to 1000, or cursor is not one this API returned.',
  )
  @ApiAdminError(404, 'No subscription with this name.')
  async listPermissions(
    @Param('name') name: string,
    @Query() { userId, limit, cursor }: ListPermissionsQueryDto,
  ): Promise<PermissionListResponse> {
    const after = decodeKeysetCursor(cursor);
    const sub = await requireSubscription(this.queryBus, name);
    const page = this.reader.permissionPage(sub, userId || undefined, after, limit ?? DEFAULT_PAGE_SIZE);
    return { permissions: page.items, nextCursor: nextCursorOf(page) };
  }

  @Get(':name/ownership-transfers')
  @ApiTags('Ownership transfers')
  @ApiOperation({
    summary: 'List ownership transfers',
    description:
      'The handovers made when users were disabled or deleted, oldest first: who inherited, by which ' +
      'branch of the disable-user rule, the role changes, and the items moved so far. A transfer is ' +
      'in-progress until every item and role has moved. A page at a time (follow nextCursor).',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'A page of the transfers.', type: OwnershipTransferListResponse })
  @ApiAdminError(400, 'limit is not 1 to 1000, or cursor is not one this API returned.')
  @ApiAdminError(404, 'No subscription with this name.')
  async transfers(
    @Param('name') name: string,
    @Query() { limit, cursor }: PageQueryDto,
  ): Promise<OwnershipTransferListResponse> {
    const after = decodeKeysetCursor(cursor);
    const sub = await requireSubscription(this.queryBus, name);
    const page = this.reader.transferPage(sub, after, limit ?? DEFAULT_PAGE_SIZE);
    return {
      transfers: page.items.map((t) => {
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
      nextCursor: nextCursorOf(page),
    };
  }
}

function nextCursorOf(page: KeysetPage<unknown>): string | null {
  return page.next ? encodeKeysetCursor(page.next) : null;
}
