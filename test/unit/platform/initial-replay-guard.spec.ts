import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from '@jest/globals';
import { ArgumentsHost } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import pino from 'pino';
import { AdminAuthGuard } from '../../../src/platform/http/admin/admin-auth.guard';
import { AdminExceptionFilter } from '../../../src/platform/http/admin/admin-exception.filter';
import { InitialReplayError, InitialReplayGuard } from '../../../src/platform/read-model/initial-replay';
import type { ReadModel } from '../../../src/platform/read-model/read-model.service';

const SRC = path.join(__dirname, '../../../src');

/** The files of src that declare an @AdminController. */
function adminControllerFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return adminControllerFiles(file);
    const declares =
      file.endsWith('.controller.ts') && fs.readFileSync(file, 'utf8').includes('@AdminController(');
    return declares ? [file] : [];
  });
}

/** Every admin controller class of src, by name. */
async function adminControllers(): Promise<Map<string, object>> {
  const found = new Map<string, object>();
  for (const file of adminControllerFiles())
    for (const [name, value] of Object.entries((await import(file)) as Record<string, unknown>))
      if (typeof value === 'function' && guardsOf(value).includes(AdminAuthGuard)) found.set(name, value);
  return found;
}

const guardsOf = (target: object): unknown[] =>
  (Reflect.getMetadata(GUARDS_METADATA, target) as unknown[] | undefined) ?? [];

describe('the admin API while the read model replays from 0 at start', () => {
  it('refuses with InitialReplayError until the replay is done', () => {
    let replaying = true;
    const guard = new InitialReplayGuard({
      get replayingFromStart() {
        return replaying;
      },
    } as ReadModel);
    expect(() => guard.canActivate()).toThrow(InitialReplayError);
    replaying = false;
    expect(guard.canActivate()).toBe(true);
  });

  it('says why when the replay has stopped on an error, instead of "retry shortly"', () => {
    const guard = new InitialReplayGuard({
      replayingFromStart: true,
      error: new Error('Foo subscription-a@3 is at schema version 3, newer than this build reads (2)'),
    } as unknown as ReadModel);
    expect(() => guard.canActivate()).toThrow(
      /cannot build its read model .*schema version 3.*\/health\/ready/,
    );
  });

  it('answers it as a JSON 503 with Retry-After', () => {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      header: (name: string, value: string) => ((sent.headers[name] = value), reply),
      status: (status: number) => ((sent.status = status), reply),
      send: (body: unknown) => ((sent.body = body), reply),
    };
    const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
    const logged: unknown[] = [];
    const logger = { error: (...args: unknown[]) => logged.push(args) } as unknown as pino.Logger;
    new AdminExceptionFilter(logger).catch(new InitialReplayError(), host);
    // A known state, not a failed request: nothing logged per request.
    expect(logged).toEqual([]);
    expect(sent).toEqual({
      status: 503,
      headers: { 'retry-after': '30' },
      body: { statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/rebuilding/) },
    });
  });

  it('guards every admin controller but the two that do not read the read model (export, projections)', async () => {
    const controllers = await adminControllers();
    expect(controllers.size).toBeGreaterThanOrEqual(10);
    const answering = [...controllers]
      .filter(([, controller]) => !guardsOf(controller).includes(InitialReplayGuard))
      .map(([name]) => name)
      .sort();
    expect(answering).toEqual(['EventsExportController', 'ProjectionsController']);
  });
});
