import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandPath, offentligSak, type OffentligSak } from '@saksgang/application';
import { NotFoundError, sakDecider } from '@saksgang/domain';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { Offentlig } from './tilgang.js';
import { OffentligSakDto } from './skjerming.dto.js';

/** The sak id in the path: a UUID, else 400 naming it. */
export const uuidPipe = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId må være en UUID' }]) });

/**
 * Public access (offentleglova): anyone may read a sak without a token and sees only what is not
 * exempt. The exemptions themselves are steps of the sak workflow (MarkerSkjerming, OpphevSkjerming).
 */
@ApiTags('offentlighet')
@Controller()
export class OffentlighetController {
  constructor(@Inject(CommandPath) private readonly path: CommandPath) {}

  @Get('offentlig/saker/:sakId')
  @Offentlig()
  @ApiOperation({ summary: 'Read a sak as the public may (no token): the public title, never the exempt fields', operationId: 'HentOffentligSak', security: [] })
  @ApiOkResponse({ type: OffentligSakDto })
  @ApiProblems({ status: 400, description: 'The sak id is not a UUID.' }, { status: 404, description: 'No such sak.' })
  async offentlig(@Param('sakId', uuidPipe) sakId: string): Promise<OffentligSak> {
    const loaded = await this.path.load(sakDecider, sakId);
    if (loaded.state === null) throw new NotFoundError('sak_ikke_funnet', `Saken ${sakId} finnes ikke.`);
    return offentligSak(loaded.state);
  }
}
