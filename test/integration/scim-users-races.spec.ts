import { CommandBus } from '@nestjs/cqrs';
import { ChangeUserCommand } from '../../src/modules/identity/contracts/user.commands';
import { UserNameReservation } from '../../src/modules/identity/application/user-name-reservation';
import { userStream } from '../../src/modules/identity/contracts/user.events';
import { userDecider } from '../../src/modules/identity/domain/user.decider';
import { EventSourcedRepository, StaleRevisionError } from '../../src/platform/es/event-sourced-repository';
import { EventStoreUnavailableError } from '../../src/platform/event-store/event-store.errors';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  getUser,
  patchOp,
  provision,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * Writes of one user that race each other (found by a black-box audit), with the race forced from
 * inside the started application: another instance's rename landing between our read and our
 * append (the repository and the userName reservations wrapped), a store that loses its answer,
 * a command decided on an older version. The requests themselves go through real HTTP; the
 * races that need no help from inside are in test/e2e/scim-users-concurrency.e2e.spec.ts.
 */
describe('SCIM Users: concurrent writes of one user, races forced inside the application', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('race'));
  });
  afterAll(async () => {
    await running?.close();
  });

  /**
   * What another instance on the same EventStoreDB does when it renames the user: claims the new
   * name, appends the profile, releases the old name (this process's locks do not see it).
   */
  async function otherInstanceRenames(userId: string, from: string, to: string): Promise<void> {
    const repository = running.app.get(EventSourcedRepository);
    const userNames = running.app.get(UserNameReservation);
    const stream = userStream(tenant.name, userId);
    const context = { correlationId: 'other-instance', causationId: null, actor: 'test' };
    const { state, revision } = await repository.load(stream, userDecider);
    if (state.status !== 'active') throw new Error('user is not active');
    await userNames.claim(tenant.name, to, userId, context);
    const profile = { ...state.profile, userName: to };
    const event = { subscription: tenant.name, userId, profile, at: new Date().toISOString() };
    await repository.appendDecided(stream, [{ type: 'UserProfileChanged', data: event }], revision, context);
    await userNames.release(tenant.name, from, userId, context);
  }

  it('a rename landing while a write that keeps the name is decided: the user ends with a name it holds, the other is free', async () => {
    // The write decided on the old name used to be decided again after the rename landed and take
    // the old name back without claiming it: a POST of that name then made a second user with it.
    const name = `${unique('keep')}@contoso.test`;
    const renamed = `${unique('renamed')}@contoso.test`;
    const user = await provision(tenant, { userName: name });
    const repository = running.app.get(EventSourcedRepository);
    const execute = repository.execute.bind(repository) as (...args: unknown[]) => Promise<unknown>;
    let landed = false;
    // Once the write that keeps the name is decided, the rename lands before it is appended.
    const spy = jest.spyOn(repository, 'execute').mockImplementation((async (...args: unknown[]) => {
      const command = args[2] as { type?: string; profile?: { title?: string } };
      if (!landed && command.type === 'ChangeUser' && command.profile?.title === 'Keeps the name') {
        landed = true;
        await otherInstanceRenames(user.id, name, renamed);
      }
      return execute(...args);
    }) as typeof repository.execute);
    try {
      const keep = await tenant.scim.put(
        `/scim/v2/Users/${user.id}`,
        entraUser({ userName: name, title: 'Keeps the name' }),
      );
      expect(keep.status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect(landed).toBe(true);
    expect(await getUser(tenant, user.id)).toMatchObject({ userName: name, title: 'Keeps the name' });
    expectScimError(
      await tenant.scim.post('/scim/v2/Users', entraUser({ userName: name })),
      409,
      'uniqueness',
    );
    expect((await tenant.scim.post('/scim/v2/Users', entraUser({ userName: renamed }))).status).toBe(201);
  });

  it('another instance renaming the user between our claim and our append: the name keeps its reservation', async () => {
    // As two instances on one EventStoreDB do: the other one claims the new name for the same user
    // and writes it first. Our claim then finds the name already the user's, our append conflicts,
    // and undoing "our" claim used to release the reservation the user now lives under.
    const name = `${unique('before')}@contoso.test`;
    const renamed = `${unique('after')}@contoso.test`;
    const user = await provision(tenant, { userName: name });
    const userNames = running.app.get(UserNameReservation);
    const claim = userNames.claim.bind(userNames);
    const spy = jest.spyOn(userNames, 'claim').mockImplementationOnce(async (...args) => {
      await otherInstanceRenames(user.id, name, renamed);
      return claim(...args);
    });
    try {
      const put = await tenant.scim.put(
        `/scim/v2/Users/${user.id}`,
        entraUser({ userName: renamed, title: 'Renamed here too' }),
      );
      expect(put.status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect(await getUser(tenant, user.id)).toMatchObject({ userName: renamed, title: 'Renamed here too' });
    expectScimError(
      await tenant.scim.post('/scim/v2/Users', entraUser({ userName: renamed })),
      409,
      'uniqueness',
    );
    expect((await tenant.scim.post('/scim/v2/Users', entraUser({ userName: name }))).status).toBe(201);
  });

  it('a create whose answer the store lost keeps its userName: it may have been stored', async () => {
    // Seen with EventStoreDB restarting: the user's append was stored, its answer lost, and the
    // create then released the name: a second user could take it. (A name used before is claimed
    // first and created after, as every create is on EventStoreDB.)
    const name = `${unique('lost')}@contoso.test`;
    const first = await provision(tenant, { userName: name });
    expect((await tenant.scim.delete(`/scim/v2/Users/${first.id}`)).status).toBe(204);
    const repository = running.app.get(EventSourcedRepository);
    const execute = repository.execute.bind(repository) as (...args: unknown[]) => Promise<unknown>;
    const spy = jest.spyOn(repository, 'execute').mockImplementation((async (...args: unknown[]) => {
      const result = await execute(...args);
      if ((args[2] as { type?: string }).type === 'ProvisionUser')
        throw new EventStoreUnavailableError('the store went away before answering');
      return result;
    }) as typeof repository.execute);
    try {
      expectScimError(await tenant.scim.post('/scim/v2/Users', entraUser({ userName: name })), 503);
    } finally {
      spy.mockRestore();
    }
    // The user was stored: the name is its own, not free.
    expectScimError(
      await tenant.scim.post('/scim/v2/Users', entraUser({ userName: name })),
      409,
      'uniqueness',
    );
  });

  it('a change computed on an older version of the user is refused for its version, not judged on stale data', async () => {
    // A PATCH computed on a read from before the deleted manager's release named the manager
    // again: it was refused as "invalid manager" (400) instead of being computed again.
    const manager = await provision(tenant);
    const report = await provision(tenant, {
      [ENTERPRISE_SCHEMA]: { manager: { value: manager.id } },
    });
    expect((await tenant.scim.delete(`/scim/v2/Users/${manager.id}`)).status).toBe(204);
    const stream = userStream(tenant.name, report.id);
    const repository = running.app.get(EventSourcedRepository);
    for (const deadline = Date.now() + 5_000; ;) {
      const { state } = await repository.load(stream, userDecider);
      if (state.status === 'active' && state.managerId === null) break;
      if (Date.now() > deadline) throw new Error('the deleted manager was not released');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { state } = await repository.load(stream, userDecider);
    if (state.status !== 'active') throw new Error('report is not active');
    const stale = new ChangeUserCommand(
      tenant.name,
      report.id,
      { ...state.profile, title: 'Stale' },
      true,
      manager.id,
      { correlationId: 'stale-read', causationId: null, actor: 'test' },
      0,
    );
    await expect(running.app.get(CommandBus).execute(stale)).rejects.toBeInstanceOf(StaleRevisionError);

    const patched = await tenant.scim.patch(
      `/scim/v2/Users/${report.id}`,
      patchOp({ op: 'Replace', path: 'title', value: 'Fresh' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Fresh' });
    const extension = (patched.body as Record<string, Record<string, unknown> | undefined>)[
      ENTERPRISE_SCHEMA
    ];
    expect(extension?.manager).toBeUndefined();
  });
});
