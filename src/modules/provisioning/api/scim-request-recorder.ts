import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger';
import { GetScimTokenOwnerQuery } from '../../subscription/contracts/subscription.queries';
import { ProvisioningLogEntry } from '../infrastructure/provisioning-log/provisioning-log.entry';
import { ProvisioningLog } from '../infrastructure/provisioning-log/provisioning-log.service';
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
        if (entry && entry.tokenId !== null) this.log.record(entry);
        else if (entry) void this.recordAttributed(entry, request);
      } catch (error) {
        this.notRecorded(error, request);
      }
      done();
    });
  }

  /**
   * A request refused before, or by, the token check (a body that is not JSON, another media
   * type; a revoked, expired or wrong token) is recorded under the subscription of the token it
   * presented, found by the token's id after the answer. Without a token naming one, nobody's:
   * not recorded, or anyone could write entries into any tenant's log through its tenant URL.
   */
  private async recordAttributed(entry: ProvisioningLogEntry, request: FastifyRequest): Promise<void> {
    try {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      const owner = token ? await this.queryBus.execute(new GetScimTokenOwnerQuery(token)) : null;
      if (owner) this.log.record({ ...entry, subscription: owner.subscription, tokenId: owner.tokenId });
    } catch (error) {
      this.notRecorded(error, request);
    }
  }

  private notRecorded(error: unknown, request: FastifyRequest): void {
    this.logger.warn({ err: error, url: request.url }, 'provisioning log: request not recorded');
  }
}
