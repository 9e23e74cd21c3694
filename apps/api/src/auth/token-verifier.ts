import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { lokalHemmelighet, SAKSGANG_CONFIG, type SaksgangConfig, SYSTEMROLLER, type Systemrolle } from '@saksgang/application';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthError } from './auth-error.js';

/** Who the token says the caller is. */
export interface Identitet {
  /**
   * The person's id in the organisation data (`personId` of member periods): the verified token's `sub`,
   * or with a provider the claim SAKSGANG_AUTH_PERSON_CLAIM names (e.g. Entra ID's `oid`).
   */
  readonly personId: string;
  /** System roles from the `roles` claim: `revisor` (read-only everywhere), `drift` (operator). */
  readonly systemroller: readonly Systemrolle[];
}

const HMAC = ['HS256'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const PERSON_ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u;

/**
 * Verifies bearer JWTs: signature (HS256 with the shared/local secret, or the provider's JWKS keys —
 * never `alg: none`, never an HMAC key for an asymmetric alg), `iss`, `aud`, `exp` and `iat` (both
 * required) and `nbf`, with 30 s clock tolerance; and the lifetime: `exp − iat` at most
 * `tokenMaxLifetimeSeconds`, `iat` not in the future (so no token is valid longer than that). The
 * person is read only from the verified payload: `sub`, or the provider's configured person claim
 * (required like `exp`: a token without it is refused).
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private key: Uint8Array | JWTVerifyGetKey | undefined;

  constructor(@Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig) {}

  async onModuleInit(): Promise<void> {
    const auth = this.config.auth;
    switch (auth.mode) {
      case 'jwks':
        this.key = createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
        break;
      case 'secret':
        this.key = new TextEncoder().encode(auth.secret);
        break;
      case 'lokal': {
        const dataDir = this.config.store.backend === 'pglite' ? this.config.store.dataDir : 'memory://';
        this.key = new TextEncoder().encode(await lokalHemmelighet(dataDir));
        break;
      }
      case 'mangler':
        this.key = undefined;
        break;
    }
  }

  /** The local secret in use (`secret`/`lokal` modes), for tests that mint tokens in-process. */
  lokalNoekkel(): Uint8Array | undefined {
    return this.key instanceof Uint8Array ? this.key : undefined;
  }

  async verify(token: string): Promise<Identitet> {
    if (!this.key) throw new AuthError(401, 'autentisering_ikke_konfigurert', 'Autentisering er ikke satt opp på denne tjeneren.');
    const auth = this.config.auth;
    const personClaim = auth.mode === 'jwks' ? (auth.personClaim ?? 'sub') : 'sub';
    let payload: JWTPayload;
    try {
      const options = { issuer: auth.issuer, audience: auth.audience, algorithms: auth.mode === 'jwks' ? ASYMMETRIC : HMAC, requiredClaims: [personClaim, 'exp', 'iat'], clockTolerance: TOLERANSE_SEKUNDER };
      payload = (typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options)).payload;
    } catch (e) {
      throw new AuthError(401, 'ugyldig_token', `Bearer-tokenet ble ikke godtatt: ${reason(e)}`);
    }
    const levetid = levetidsfeil(payload, this.config.tokenMaxLifetimeSeconds ?? 12 * 3600, Math.floor(Date.now() / 1000));
    if (levetid) throw new AuthError(401, 'ugyldig_token', `Bearer-tokenet ble ikke godtatt: ${levetid}`);
    // Only from the payload jose verified above (signature, issuer, audience, times); never from the request.
    const personId = Object.hasOwn(payload, personClaim) ? payload[personClaim] : undefined;
    if (typeof personId !== 'string' || !PERSON_ID.test(personId)) throw new AuthError(401, 'ugyldig_token', `Tokenets ${personClaim} er ikke en gyldig person-id.`);
    return { personId, systemroller: systemroller(payload['roles']) };
  }
}

const TOLERANSE_SEKUNDER = 30;

/** Why a verified token lives too long (`exp − iat` over the limit, or issued in the future), else undefined. */
export function levetidsfeil(payload: JWTPayload, maksSekunder: number, naaSekunder: number): string | undefined {
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 'det mangler utstedelsestidspunkt (iat).';
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'det mangler utløpstidspunkt (exp).';
  if (iat > naaSekunder + TOLERANSE_SEKUNDER) return 'det er utstedt fram i tid (iat).';
  if (exp - iat > maksSekunder) {
    return `det varer for lenge: ${timer(exp - iat)} fra utstedelse (iat) til utløp (exp); høyst ${timer(maksSekunder)} godtas.`;
  }
  return undefined;
}

function timer(sekunder: number): string {
  const t = sekunder / 3600;
  return t >= 1 ? `${Number.isInteger(t) ? t : t.toFixed(1)} timer` : `${Math.round(sekunder / 60)} minutter`;
}

function systemroller(claim: unknown): Systemrolle[] {
  const raw = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return [...new Set(raw.filter((r): r is Systemrolle => (SYSTEMROLLER as readonly unknown[]).includes(r)))];
}

/** A reason a client can act on, without echoing the token. */
function reason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'det er utløpt (exp).';
  if (e instanceof errors.JWTClaimValidationFailed) {
    return e.reason === 'missing' ? `påstanden "${e.claim}" mangler.` : `påstanden "${e.claim}" er ikke som forventet.`;
  }
  if (e instanceof errors.JOSEAlgNotAllowed) return 'signeringsalgoritmen godtas ikke.';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'signaturen stemmer ikke.';
  if (e instanceof errors.JWKSNoMatchingKey) return 'ingen av identitetsleverandørens nøkler passer.';
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JOSENotSupported) return 'det kan ikke kontrolleres nå.';
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid) return 'det er misdannet.';
  return 'det kunne ikke kontrolleres.';
}
