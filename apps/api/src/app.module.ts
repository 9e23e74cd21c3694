import { type DynamicModule, Module } from '@nestjs/common';
import { SaksgangModule, type SaksgangModuleOptions } from '@saksgang/application';
import { HealthController } from './health/health.controller.js';
import { ActorResolver } from './http/actor.js';
import { OrganerController } from './organer/organer.controller.js';
import { SakerController } from './saker/saker.controller.js';

@Module({})
export class AppModule {
  static forRoot(options: SaksgangModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [SaksgangModule.forRoot(options)],
      controllers: [HealthController, SakerController, OrganerController],
      providers: [ActorResolver],
    };
  }
}
