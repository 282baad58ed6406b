import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../../platform/logging/logger';
import { ValidateScimTokenQuery } from '../../../subscription/contracts/subscription.queries';
import { ProvisioningLogEntry } from './provisioning-log.entry';
import { ProvisioningLog } from './provisioning-log.service';
import { scimRequestEntry } from './scim-request-entry';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Records every request under /scim/v2 from Fastify's onResponse hook: it runs after the answer
 * is sent, sees the requests a guard refused or no route matched, and times the whole request.
 */
@Injectable()
export class ScimRequestRecorder implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly log: ProvisioningLog,
    private readonly queryBus: QueryBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // An application context without HTTP (offline tools) has no adapter: nothing to record.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      try {
        const entry = scimRequestEntry(request, reply);
        if (entry && entry.tokenId === null && reply.statusCode !== 401 && reply.statusCode !== 503)
          void this.recordAttributed(entry, request);
        else if (entry) this.log.record(entry);
      } catch (error) {
        this.notRecorded(error, request);
      }
      done();
    });
  }

  /**
   * A request refused before the token guard ran (a body that is not JSON, too large, of another
   * media type; a route that does not exist) still carries its token: checked here, after the
   * answer, it names the subscription whose log shows the request. Without a valid token the
   * entry keeps what the Host said, or no subscription.
   */
  private async recordAttributed(entry: ProvisioningLogEntry, request: FastifyRequest): Promise<void> {
    try {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      const principal = token ? await this.queryBus.execute(new ValidateScimTokenQuery(token)) : null;
      this.log.record(
        principal ? { ...entry, subscription: principal.subscription, tokenId: principal.tokenId } : entry,
      );
    } catch (error) {
      this.notRecorded(error, request);
    }
  }

  private notRecorded(error: unknown, request: FastifyRequest): void {
    this.logger.warn({ err: error, url: request.url }, 'provisioning log: request not recorded');
  }
}
