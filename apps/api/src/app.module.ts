import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AvvikService, DokumentService, MoeteService, SaksgangModule, type SaksgangModuleOptions } from '@saksgang/application';
import { AuthModule } from './auth/auth.module.js';
import { AvvikController } from './avvik/avvik.controller.js';
import { AvvikLesemodellerController } from './avvik/avvik-lesemodeller.controller.js';
import { DemoAutoLoader } from './demo/demo-auto-loader.js';
import { DokumenterController } from './dokumenter/dokumenter.controller.js';
import { HealthController } from './health/health.controller.js';
import { MoetestegController } from './moeter/moetesteg.controller.js';
import { OrganerController } from './organer/organer.controller.js';
import { ParterController, SakHoeringerController } from './parter/parter.controller.js';
import { DriftController } from './projections/drift.controller.js';
import { OppfoelgingController } from './projections/oppfoelging.controller.js';
import { OrganerLesemodellerController } from './projections/organer-lesemodeller.controller.js';
import { PersonerController } from './projections/personer.controller.js';
import { Lesemodeller } from './projections/read-models.http.js';
import { OffentligSoekController, SakerLesemodellerController } from './projections/saker-lesemodeller.controller.js';
import { RevisjonController } from './revisjon/revisjon.controller.js';
import { ArbeidsflytController } from './saker/arbeidsflyt.controller.js';
import { SakerController } from './saker/saker.controller.js';
import { SaksstegController } from './saker/sakssteg.controller.js';
import { ActorLogInterceptor, logCommand, loggerModule, type LoggingOptions } from './http/logging.js';
import { Metrics } from './metrics/metrics.js';
import { InnloggingController } from './web/innlogging.controller.js';
import { LiveController, LiveStroem } from './web/live.js';
import { OffentligeMoeterController } from './moeter/offentlige-moeter.controller.js';
import { VarslingController } from './varsling/varsling.controller.js';

@Module({})
export class AppModule {
  static forRoot(options: SaksgangModuleOptions, logging: LoggingOptions = {}): DynamicModule {
    // One registry per app (tests start several); the command path reports to it through its observer port.
    const metrics = new Metrics();
    return {
      module: AppModule,
      imports: [
        loggerModule(options.config, logging),
        SaksgangModule.forRoot({
          ...options,
          commandObserver: (o) => {
            metrics.commandObserver(o);
            logCommand(o);
          },
          varslingObserver: metrics.varslingObserver,
        }),
        AuthModule,
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [
        HealthController,
        SakerController,
        SaksstegController,
        ArbeidsflytController,
        OrganerController,
        ParterController,
        SakHoeringerController,
        SakerLesemodellerController,
        OrganerLesemodellerController,
        PersonerController,
        OppfoelgingController,
        DriftController,
        RevisjonController,
        MoetestegController,
        InnloggingController,
        LiveController,
        OffentligeMoeterController,
        OffentligSoekController,
        AvvikController,
        AvvikLesemodellerController,
        VarslingController,
        DokumenterController,
      ],
      providers: [DemoAutoLoader, Lesemodeller, LiveStroem, MoeteService, AvvikService, DokumentService, { provide: Metrics, useValue: metrics }, { provide: APP_INTERCEPTOR, useClass: ActorLogInterceptor }],
    };
  }
}
