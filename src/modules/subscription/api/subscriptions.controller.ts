import { Body, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { GetSubscriptionQuery, ListSubscriptionsQuery } from '../contracts/subscription.queries';
import { SubscriptionNotFoundError } from '../domain/subscription.errors';
import { CreateSubscriptionCommand } from '../application/create-subscription.command';
import { CreateSubscriptionDto } from './create-subscription.dto';
import { SubscriptionListResponse, SubscriptionResponse } from './subscription.responses';

@ApiTags('Subscriptions')
@AdminController('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a subscription',
    description:
      'Creates a customer subscription. The name is a DNS label, stored lower-cased, and becomes the ' +
      'host of its SCIM tenant URL; it is unique. The new subscription has no roles and no SCIM token ' +
      'yet, and the default provisioning policy.',
  })
  @ApiCreatedResponse({ description: 'The subscription as created.', type: SubscriptionResponse })
  @ApiAdminError(400, 'The name is not a DNS label, or companyName is missing, blank or too long.')
  @ApiAdminError(409, 'A subscription with this name already exists.')
  async create(
    @Body() body: CreateSubscriptionDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<SubscriptionResponse> {
    const { name } = await this.commands.execute(
      new CreateSubscriptionCommand(body.name, body.companyName, context),
    );
    return this.show(name);
  }

  @Get()
  @ApiOperation({ summary: 'List subscriptions', description: 'Every subscription, ordered by name.' })
  @ApiOkResponse({ description: 'The subscriptions.', type: SubscriptionListResponse })
  async list(): Promise<SubscriptionListResponse> {
    return { subscriptions: await this.queries.execute(new ListSubscriptionsQuery()) };
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Show a subscription',
    description: 'The subscription with its tenant URL, roles and the number of SCIM tokens accepted now.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'The subscription.', type: SubscriptionResponse })
  @ApiAdminError(404, 'No subscription with this name.')
  async show(@Param('name') name: string): Promise<SubscriptionResponse> {
    const view = await this.queries.execute(new GetSubscriptionQuery(name));
    if (!view) throw new SubscriptionNotFoundError(name);
    return view;
  }
}
