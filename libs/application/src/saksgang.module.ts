import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { type EventStore, openEventStore, type SqlClient } from '@saksgang/event-store';
import { InnsynILesemodeller } from './auth/innsyn-lesemodeller.js';
import { CLOCK, type Clock, systemClock } from './clock.js';
import type { CommandObserver } from './command-path/command-observer.js';
import { CommandPath } from './command-path/command-path.js';
import { eventStoreOrganLoader } from './command-path/organ-loader.js';
import type { SaksgangConfig } from './config/config.js';
import { HentOrganHandler, HentSakHandler, UtfoerOrganstegHandler, UtfoerSaksstegHandler } from './cqrs/handlers.js';
import { SakReader } from './cqrs/sak-reader.js';
import { DemoLoader } from './demo/demo-loader.js';
import { ProjectionsService } from './projections/projections.service.js';
import { SakslisteService, SettSakPaaSakslisteHandler } from './saksliste/saksliste.service.js';
import { EVENT_STORE, SAKSGANG_CONFIG, SQL_CLIENT } from './tokens.js';
import { VARSLING_OBSERVER, type VarslingObserver, VarslingService } from './varsling/varsling.service.js';

export interface SaksgangModuleOptions {
  readonly config: SaksgangConfig;
  /** An already open store (tests share one); when given, the module does not close it. */
  readonly store?: { store: EventStore; sql: SqlClient };
  readonly clock?: Clock;
  /** Told how every command on the command path went (the HTTP app's metrics). */
  readonly commandObserver?: CommandObserver;
  /** Told how every notification delivery went (the HTTP app's metrics). */
  readonly varslingObserver?: VarslingObserver;
}

class StoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject('saksgang.ownsStore') private readonly owns: boolean,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.owns) await this.store.close();
  }
}

/** Wires the event store, the clock, the command path and the CQRS handlers. */
@Module({})
export class SaksgangModule {
  static forRoot(options: SaksgangModuleOptions): DynamicModule {
    return {
      module: SaksgangModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: SAKSGANG_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: 'saksgang.opened', useFactory: () => options.store ?? openEventStore(options.config.store) },
        { provide: 'saksgang.ownsStore', useValue: !options.store },
        { provide: EVENT_STORE, useFactory: (o: { store: EventStore }) => o.store, inject: ['saksgang.opened'] },
        { provide: SQL_CLIENT, useFactory: (o: { sql: SqlClient }) => o.sql, inject: ['saksgang.opened'] },
        {
          provide: CommandPath,
          useFactory: (store: EventStore, clock: Clock) =>
            new CommandPath(
              store,
              clock,
              eventStoreOrganLoader(store),
              {
                fremtidstoleranseSekunder: options.config.futureToleranceSeconds,
                planleggingshorisontAar: options.config.planningHorizonYears,
              },
              options.commandObserver,
            ),
          inject: [EVENT_STORE, CLOCK],
        },
        StoreLifecycle,
        SakReader,
        InnsynILesemodeller,
        UtfoerSaksstegHandler,
        UtfoerOrganstegHandler,
        HentSakHandler,
        HentOrganHandler,
        SakslisteService,
        SettSakPaaSakslisteHandler,
        DemoLoader,
        ProjectionsService,
        { provide: VARSLING_OBSERVER, useValue: options.varslingObserver ?? null },
        VarslingService,
      ],
      exports: [SAKSGANG_CONFIG, CLOCK, EVENT_STORE, SQL_CLIENT, CommandPath, SakReader, InnsynILesemodeller, SakslisteService, DemoLoader, ProjectionsService, VarslingService],
    };
  }
}
