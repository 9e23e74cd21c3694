import { type INestApplication, RequestMethod, SetMetadata } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { Systemrolle } from '@saksgang/application';

/**
 * Who may call a route, bound to its handler (never derived from the request's URL text): the
 * {@link AuthGuard} reads it from the route Fastify matched, and `completeOpenApi` writes the same
 * rule into each operation of the OpenAPI document. A route without a rule gets the safe default:
 * a valid token; a change also needs an acting membership (X-Organ + X-Rolle).
 */
export interface Tilgangsregel {
  /** Anyone, without a token (health, metrics, public access). */
  readonly offentlig?: true;
  /** Only tokens carrying one of these system roles (an auditor, `revisor`, may also read, never change). */
  readonly systemroller?: readonly Systemrolle[];
  /**
   * A body's own lists: only for the members of that body (a membership valid today, any role), the
   * members of the sekretariat (acting for it with X-Organ + X-Rolle) and auditors/operators. The body
   * is the path parameter `param`, or the query parameter `query`; without it (`query` absent) the
   * lists of every body, which only the sekretariat, auditors and operators may read.
   */
  readonly organetsLister?: { readonly param?: string; readonly query?: string; readonly hva: string };
  /** An operator (`drift`) may take these steps without a membership (setting up the organisation). */
  readonly driftUtenMedlemskap?: true;
}

export const TILGANG = 'saksgang:tilgang';

/** Anyone may call the route, without a token. */
export const Offentlig = () => SetMetadata(TILGANG, { offentlig: true } satisfies Tilgangsregel);

/** Only tokens with one of the system roles (an auditor may also read). */
export const KreverSystemrolle = (...systemroller: Systemrolle[]) => SetMetadata(TILGANG, { systemroller } satisfies Tilgangsregel);

/** A body's lists: its members, the sekretariat, auditors and operators. */
export const ForOrganetsMedlemmer = (kilde: Tilgangsregel['organetsLister'] & object) => SetMetadata(TILGANG, { organetsLister: kilde } satisfies Tilgangsregel);

/** The operator may take the steps without a membership (the organisation's set-up). */
export const DriftUtenMedlemskap = () => SetMetadata(TILGANG, { driftUtenMedlemskap: true } satisfies Tilgangsregel);

/** The rule of a handler: its own, else its controller's, else the default (`{}`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function tilgangsregel(reflector: Reflector, handler: Function, klasse: Function): Tilgangsregel {
  return reflector.getAllAndOverride<Tilgangsregel | undefined>(TILGANG, [handler, klasse]) ?? {};
}

/** Error code of a refusal for want of a system role, derived from the roles: `krever_drift`, `krever_revisor_eller_drift`. */
export function systemrolleKode(roller: readonly Systemrolle[]): string {
  return `krever_${roller.join('_eller_')}`;
}

const ROLLENAVN: Readonly<Record<Systemrolle, { readonly no: string; readonly en: string }>> = {
  revisor: { no: 'revisorrollen (revisor)', en: 'the auditor role (`revisor`)' },
  drift: { no: 'driftsrollen (drift)', en: 'the operator role (`drift`)' },
};

/** The Norwegian refusal text for want of a system role. */
export function systemrolleMelding(roller: readonly Systemrolle[], personId: string): string {
  return `Dette kan bare gjøres med ${roller.map((r) => ROLLENAVN[r].no).join(' eller ')} i tokenet; ${personId} har ingen av dem.`;
}

/** What the OpenAPI document says about who may call an operation (the same rule the guard applies). */
export function tilgangsbeskrivelse(regel: Tilgangsregel, metode: string): string {
  if (regel.offentlig) return 'Access: public, no token needed.';
  const lesing = ['GET', 'HEAD'].includes(metode.toUpperCase());
  if (regel.systemroller) {
    const roller = regel.systemroller.map((r) => ROLLENAVN[r].en).join(' or ');
    const revisor = regel.systemroller.includes('revisor') ? '' : '; an auditor (`revisor`) may read (GET) but not start anything';
    return `Access: the bearer token must carry ${roller}, else 403 \`${systemrolleKode(regel.systemroller)}\`${revisor}.`;
  }
  if (regel.organetsLister) {
    const hvem = regel.organetsLister.param || regel.organetsLister.query ? 'members of the body (a membership valid today, any role), ' : '';
    const uten = regel.organetsLister.query ? ` Without \`${regel.organetsLister.query}\`: every body's, for the sekretariat, auditors and operators only.` : '';
    return `Access: ${hvem}members of the sekretariat (acting for it: X-Organ + X-Rolle), auditors (\`revisor\`) and operators (\`drift\`); anyone else 403 \`ikke_lesetilgang\`.${uten}`;
  }
  if (lesing) return 'Access: any valid bearer token.';
  return `Access: a valid bearer token and a membership to act in (X-Organ + X-Rolle), else 403 \`handlingskapasitet_mangler\`${regel.driftUtenMedlemskap ? '; an operator (`drift`) may act without one (setting up the organisation)' : ''}; an auditor (\`revisor\`) never changes anything.`;
}

/** Nest's request method as the OpenAPI document names it. */
export function metodenavn(m: RequestMethod): string {
  return RequestMethod[m]!.toLowerCase();
}

/** One route of the application with its rule, as the OpenAPI document names it (`get`, `/saker/{sakId}`). */
export interface Rutetilgang {
  readonly metode: string;
  readonly sti: string;
  readonly regel: Tilgangsregel;
}

/**
 * Every route of the application's controllers with the rule the guard applies to it, read from the
 * same metadata (so the OpenAPI document and the tests enumerate what the guard decides on).
 */
export function rutetilganger(app: INestApplication): Rutetilgang[] {
  const reflector = app.get(Reflector);
  const ruter: Rutetilgang[] = [];
  for (const modul of app.get(ModulesContainer).values()) {
    for (const wrapper of modul.controllers.values()) {
      const klasse = wrapper.metatype as (new (...args: never[]) => object) | null | undefined;
      if (!klasse) continue;
      const prefikser = stier(Reflect.getMetadata(PATH_METADATA, klasse));
      for (const navn of Object.getOwnPropertyNames(klasse.prototype)) {
        if (navn === 'constructor') continue;
        const handler: unknown = Object.getOwnPropertyDescriptor(klasse.prototype, navn)?.value;
        if (typeof handler !== 'function') continue;
        const metode = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (metode === undefined) continue;
        const regel = tilgangsregel(reflector, handler, klasse);
        for (const prefiks of prefikser) {
          for (const sti of stier(Reflect.getMetadata(PATH_METADATA, handler))) {
            const deler = [prefiks, sti].flatMap((d) => d.split('/')).filter((d) => d !== '');
            ruter.push({ metode: metodenavn(metode), sti: `/${deler.map((d) => d.replace(/^:(.+)$/, '{$1}')).join('/')}`, regel });
          }
        }
      }
    }
  }
  return ruter;
}

function stier(verdi: unknown): string[] {
  if (Array.isArray(verdi)) return verdi.map(String);
  return [typeof verdi === 'string' ? verdi : ''];
}
