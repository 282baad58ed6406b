import * as fs from 'node:fs';
import { loadConfig } from '../../src/platform/config/load-config';
import { EXIT, runReplay } from '../../src/tools/replay/replay-command';
import { parseReplayOptions } from '../../src/tools/replay/replay-options';
import { RunningApp, TEST_ADMIN_KEY, startApp } from '../support/e2e-app';
import { GROUP_SCHEMA } from '../support/scim-group-fixtures';
import {
  ENTERPRISE_SCHEMA,
  Tenant,
  createTenant,
  entraUser,
  patchOp,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

const MANAGER = `${ENTERPRISE_SCHEMA}:manager`;

/** Seeded: the same choices on every run (eight clients interleave them as the server answers). */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

interface Resources {
  users: string[];
  groups: string[];
}

/**
 * Random SCIM traffic from several clients at once (so the live runner sees batches of every
 * size), then a replay in one bulk load must find the live read model exactly: users, managers,
 * states, groups with user and nested group members, renames, deletions of both.
 */
describe('npm run replay -- --verify after random concurrent traffic', () => {
  let running: RunningApp;
  afterAll(() => {
    fs.rmSync(running.dataDir, { recursive: true, force: true });
  });

  it('finds no difference between the live read model and a bulk replay of the log', async () => {
    running = await startApp();
    const tenants = [
      await createTenant(running, uniqueSubscriptionName('rnd')),
      await createTenant(running, uniqueSubscriptionName('rnd')),
    ];
    const resources: Resources[] = tenants.map(() => ({ users: [], groups: [] }));
    const random = randomSource(7);
    const pick = (items: string[]) => items[Math.floor(random() * items.length)]!;

    const step = async (tenant: Tenant, { users, groups }: Resources, n: number) => {
      const r = random();
      const scim = tenant.scim;
      if (r < 0.3 || users.length < 3) {
        const manager = users.length > 0 && random() < 0.5 ? { value: pick(users) } : undefined;
        const body = entraUser(manager ? { [ENTERPRISE_SCHEMA]: { employeeNumber: `${n}`, manager } } : {});
        const created = await scim.post('/scim/v2/Users', body);
        if (created.status === 201) users.push((created.body as { id: string }).id);
      } else if (r < 0.42) {
        await scim.patch(
          `/scim/v2/Users/${pick(users)}`,
          patchOp({ op: 'replace', path: 'title', value: `t${n}` }),
        );
      } else if (r < 0.5) {
        const operation =
          random() < 0.7
            ? { op: 'replace', path: MANAGER, value: pick(users) }
            : { op: 'remove', path: MANAGER };
        await scim.patch(`/scim/v2/Users/${pick(users)}`, patchOp(operation));
      } else if (r < 0.56) {
        await scim.patch(
          `/scim/v2/Users/${pick(users)}`,
          patchOp({ op: 'replace', path: 'active', value: random() < 0.5 }),
        );
      } else if (r < 0.62) {
        const id = pick(users);
        if ((await scim.delete(`/scim/v2/Users/${id}`)).status === 204) users.splice(users.indexOf(id), 1);
      } else if (r < 0.7 || groups.length < 2) {
        const created = await scim.post('/scim/v2/Groups', { schemas: [GROUP_SCHEMA], displayName: `g${n}` });
        if (created.status === 201) groups.push((created.body as { id: string }).id);
      } else if (r < 0.84) {
        const members = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
          value: random() < 0.8 ? pick(users) : pick(groups),
        }));
        await scim.patch(
          `/scim/v2/Groups/${pick(groups)}`,
          patchOp({ op: 'add', path: 'members', value: members }),
        );
      } else if (r < 0.91) {
        const path = `members[value eq "${pick(users)}"]`;
        await scim.patch(`/scim/v2/Groups/${pick(groups)}`, patchOp({ op: 'remove', path }));
      } else if (r < 0.96) {
        await scim.patch(
          `/scim/v2/Groups/${pick(groups)}`,
          patchOp({ op: 'replace', path: 'displayName', value: `r${n}` }),
        );
      } else {
        const id = pick(groups);
        if ((await scim.delete(`/scim/v2/Groups/${id}`)).status === 204) groups.splice(groups.indexOf(id), 1);
      }
    };

    let next = 0;
    const STEPS = 800;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < STEPS) {
          const n = next++;
          await step(tenants[n % 2]!, resources[n % 2]!, n);
        }
      }),
    );
    await running.close({ keepData: true });

    const lines: string[] = [];
    const config = loadConfig({
      DATA_DIR: running.dataDir,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      LOG_LEVEL: 'silent',
    });
    const code = await runReplay(parseReplayOptions(['--verify']), config, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(output).toMatch(/verify: OK/);
    expect(output).toMatch(/scim_group_member: identical \([1-9]\d* rows live/);
    expect(output).toMatch(/idn_group_member: identical \([1-9]\d* rows live/);
    expect(code).toBe(EXIT.ok);
  });
});
