import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../../../platform/config/app-config';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { RekeyPlan, rekeyReservations } from '../../../platform/es/reservation-rekey';
import { Reservations } from '../../../platform/es/reservations';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { LOGGER } from '../../../platform/logging/logger';
import { caselessKey } from '../../../platform/text/caseless-key';

/**
 * userNames and group displayNames were reserved under toLowerCase() until session 8, now under
 * caselessKey (NFC, final sigma as σ). For most names the key is the same; for the others (a name
 * sent in NFD, a Greek name ending a word in Σ) the existing holder is given the new key too, so
 * that nobody else can take the name under it.
 */
const CASELESS_KEYS: RekeyPlan = {
  scheme: 'caseless-key-1',
  newKey: (scope, key) =>
    scope.startsWith('userName:') || scope.startsWith('groupName:') ? caselessKey(key) : key,
};
const RETRY_MS = 5_000;

/** Runs the re-keying at start, before the server listens; retried in the background if the store is down. */
@Injectable()
export class ReservationKeysUpgrade implements OnApplicationBootstrap, OnApplicationShutdown {
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly repository: EventSourcedRepository,
    private readonly reservations: Reservations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.offline) return;
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async attempt(): Promise<void> {
    try {
      await rekeyReservations(this.store, this.repository, this.reservations, CASELESS_KEYS, this.logger);
    } catch (error) {
      if (this.stopped) return;
      this.logger.error({ err: error }, 'reservation keys not upgraded yet; retrying in 5 s');
      this.retry = setTimeout(() => void this.attempt(), RETRY_MS).unref();
    }
  }
}
