import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { lokalHemmelighet, SAKSGANG_CONFIG, type SaksgangConfig, SYSTEMROLLER, type Systemrolle } from '@saksgang/application';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthError } from './auth-error.js';

/** Who the token says the caller is. */
export interface Identitet {
  /** The token's `sub`: the person's id in the organisation data (`personId` of member periods). */
  readonly personId: string;
  /** System roles from the `roles` claim: `revisor` (read-only everywhere), `drift` (operator). */
  readonly systemroller: readonly Systemrolle[];
}

const HMAC = ['HS256'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const PERSON_ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u;

/**
 * Verifies bearer JWTs: signature (HS256 with the shared/local secret, or the provider's JWKS keys —
 * never `alg: none`, never an HMAC key for an asymmetric alg), `iss`, `aud`, `exp` (required) and
 * `nbf`, with 30 s clock tolerance.
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
    if (!this.key) throw new AuthError(401, 'autentisering_ikke_konfigurert', 'Authentication is not configured on this server.');
    const auth = this.config.auth;
    let payload: JWTPayload;
    try {
      const options = { issuer: auth.issuer, audience: auth.audience, algorithms: auth.mode === 'jwks' ? ASYMMETRIC : HMAC, requiredClaims: ['sub', 'exp'], clockTolerance: 30 };
      payload = (typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options)).payload;
    } catch (e) {
      throw new AuthError(401, 'ugyldig_token', `The bearer token was not accepted: ${reason(e)}`);
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || !PERSON_ID.test(sub)) throw new AuthError(401, 'ugyldig_token', 'The token\'s sub is not a valid person id.');
    return { personId: sub, systemroller: systemroller(payload['roles']) };
  }
}

function systemroller(claim: unknown): Systemrolle[] {
  const raw = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return [...new Set(raw.filter((r): r is Systemrolle => (SYSTEMROLLER as readonly unknown[]).includes(r)))];
}

/** A reason a client can act on, without echoing the token. */
function reason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'it has expired.';
  if (e instanceof errors.JWTClaimValidationFailed) return `claim "${e.claim}" is not as expected (${e.reason}).`;
  if (e instanceof errors.JOSEAlgNotAllowed) return 'its signing algorithm is not accepted.';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify.';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no key of the provider matches it.';
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JOSENotSupported) return 'it cannot be verified now.';
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid) return 'it is malformed.';
  return 'it could not be verified.';
}
