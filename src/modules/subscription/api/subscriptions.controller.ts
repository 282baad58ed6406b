import { Body, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { GetSubscriptionQuery, ListSubscriptionsQuery } from '../contracts/subscription.queries';
import { SubscriptionView } from '../contracts/subscription.views';
import { SubscriptionNotFoundError } from '../domain/subscription.errors';
import { CreateSubscriptionCommand } from '../application/create-subscription.command';
import { CreateSubscriptionDto } from './create-subscription.dto';

@AdminController('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  async create(
    @Body() body: CreateSubscriptionDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<SubscriptionView> {
    const { name } = await this.commands.execute(
      new CreateSubscriptionCommand(body.name, body.companyName, context),
    );
    return this.show(name);
  }

  @Get()
  async list(): Promise<{ subscriptions: SubscriptionView[] }> {
    return { subscriptions: await this.queries.execute(new ListSubscriptionsQuery()) };
  }

  @Get(':name')
  async show(@Param('name') name: string): Promise<SubscriptionView> {
    const view = await this.queries.execute(new GetSubscriptionQuery(name));
    if (!view) throw new SubscriptionNotFoundError(name);
    return view;
  }
}
