import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DemoLoader, SAKSGANG_CONFIG, type SaksgangConfig } from '@saksgang/application';

/**
 * Loads the demo helsefellesskap on the first start: only with SAKSGANG_DEMO=auto (the default for the
 * embedded pglite store) and only when the store holds no events at all.
 */
@Injectable()
export class DemoAutoLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('demo');

  constructor(
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
    @Inject(DemoLoader) private readonly demo: DemoLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demo !== 'auto') return;
    if (!(await this.demo.storeIsEmpty())) return;
    const started = Date.now();
    const result = await this.demo.load();
    this.logger.log({ msg: 'demo helsefellesskap loaded (SAKSGANG_DEMO=auto, empty store)', steps: result.total, events: result.recordedEvents, ms: Date.now() - started });
  }
}
