import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../../platform/logging/logger';
import { ProvisioningLog } from './provisioning-log.service';
import { scimRequestEntry } from './scim-request-entry';

/**
 * Records every request under /scim/v2 from Fastify's onResponse hook: it runs after the answer
 * is sent, sees the requests a guard refused or no route matched, and times the whole request.
 */
@Injectable()
export class ScimRequestRecorder implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly log: ProvisioningLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // An application context without HTTP (offline tools) has no adapter: nothing to record.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      try {
        const entry = scimRequestEntry(request, reply);
        if (entry) this.log.record(entry);
      } catch (error) {
        this.logger.warn({ err: error, url: request.url }, 'provisioning log: request not recorded');
      }
      done();
    });
  }
}
