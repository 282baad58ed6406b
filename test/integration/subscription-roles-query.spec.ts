import { QueryBus } from '@nestjs/cqrs';
import { GetSubscriptionRolesQuery } from '../../src/modules/subscription/contracts';
import { RunningApp, startApp } from '../support/e2e-app';

/**
 * GetSubscriptionRolesQuery (the roles folded from a subscription's own stream, what a disable is
 * decided on) asked on the query bus of the started application: no HTTP route asks it about a
 * subscription that does not exist, they answer 404 first. What it answers for an existing one is
 * checked through the portal's user view in test/e2e/admin-subscription-roles.e2e.spec.ts.
 */
describe('the subscription roles query', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('the roles query answers null for an unknown subscription', async () => {
    const queries = running.app.get(QueryBus);
    await expect(queries.execute(new GetSubscriptionRolesQuery('nobody'))).resolves.toBeNull();
    await expect(queries.execute(new GetSubscriptionRolesQuery('not_a_name'))).resolves.toBeNull();
  });
});
