import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { EventSchemaRegistry } from './es/event-schema-registry';
import { EventSourcedRepository } from './es/event-sourced-repository';
import { RESERVATION_KEYS_EVENT_VERSIONS } from './es/reservation-rekey';
import { RESERVATION_EVENT_VERSIONS } from './es/reservation.decider';
import { Reservations } from './es/reservations';
import { TenantDecisionLock } from './es/tenant-decision-lock';
import { openEventStore } from './event-store/event-store.factory';
import { EVENT_STORE } from './event-store/event-store.port';
import { HealthController } from './health/health.controller';
import { ReadYourWritesGuard } from './http/read-your-writes.guard';
import { Lifecycle } from './lifecycle.service';
import { LOGGER } from './logging/logger';
import { READ_MODEL_DB, openReadModelDatabase } from './read-model/read-model-database';
import { READ_MODEL_LOCK, holdReadModelLock } from './read-model/read-model-lock';
import { ReadModel } from './read-model/read-model.service';
import { ReadSnapshot } from './read-model/read-snapshot';
import { ProjectionsController } from './read-model/projections.controller';

/** The registry, with the versions of the platform's own events (reservations); modules add theirs. */
function platformEventSchemas(): EventSchemaRegistry {
  const schemas = new EventSchemaRegistry();
  schemas.registerVersions({ ...RESERVATION_EVENT_VERSIONS, ...RESERVATION_KEYS_EVENT_VERSIONS });
  return schemas;
}

/** The platform every module stands on: configuration, logging, event store, read model. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController, ProjectionsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config, logger) },
        { provide: READ_MODEL_LOCK, useFactory: () => holdReadModelLock(config) },
        {
          provide: READ_MODEL_DB,
          // After the lock: a second server must not even open the read model.
          inject: [READ_MODEL_LOCK],
          useFactory: () =>
            openReadModelDatabase(config.dataDir, undefined, ({ file, movedTo, reason }) =>
              logger.warn(
                { file, movedTo, reason },
                `${file} is not a readable database (${reason}): moved to ${movedTo}; the read model is rebuilt from the event log`,
              ),
            ),
        },
        // The hot readers' connection (SCIM GET and filters): see ReadSnapshot.
        { provide: ReadSnapshot, inject: [READ_MODEL_DB], useFactory: ReadSnapshot.of },
        { provide: EventSchemaRegistry, useFactory: platformEventSchemas },
        EventSourcedRepository,
        Reservations,
        TenantDecisionLock,
        ReadModel,
        Lifecycle,
        { provide: APP_GUARD, useClass: ReadYourWritesGuard },
      ],
      exports: [
        APP_CONFIG,
        LOGGER,
        EVENT_STORE,
        READ_MODEL_DB,
        ReadSnapshot,
        EventSchemaRegistry,
        EventSourcedRepository,
        Reservations,
        TenantDecisionLock,
        ReadModel,
        Lifecycle,
      ],
    };
  }
}
