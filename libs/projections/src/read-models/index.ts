import type { Projection } from '../projection.js';
import { AarsstatistikkProjection } from './aarsstatistikk.js';
import { ArbeidslisteProjection } from './arbeidsliste.js';
import { AvvikProjection } from './avvik.js';
import { MoeterProjection } from './moeter.js';
import { OrganerProjection } from './organer.js';
import { ParterProjection } from './parter.js';
import { DokumenterProjection } from './dokumenter.js';
import { SaksforloepProjection } from './saksforloep.js';
import { SaksoversiktProjection } from './saksoversikt.js';
import { VedtaksoppfoelgingProjection } from './vedtaksoppfoelging.js';

/** A fresh set of saksgang's read models, to give a {@link ProjectionRunner}. Their queries join `organer`. */
export function lesemodeller(): Projection[] {
  return [
    new OrganerProjection(),
    new SaksforloepProjection(),
    new ArbeidslisteProjection(),
    new SaksoversiktProjection(),
    new VedtaksoppfoelgingProjection(),
    new AarsstatistikkProjection(),
    new MoeterProjection(),
    new ParterProjection(),
    new AvvikProjection(),
    new DokumenterProjection(),
  ];
}
