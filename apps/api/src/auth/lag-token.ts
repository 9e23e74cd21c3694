import { type AuthConfig, LOKAL_AUDIENCE, LOKAL_ISSUER, lokalHemmelighet, SYSTEMROLLER, type Systemrolle } from '@saksgang/application';
import { SignJWT } from 'jose';

export interface TokenValg {
  /** The person (`sub`): a `personId` from the organisation data, e.g. `olav-bremnes`. */
  readonly personId: string;
  /** System roles (claim `roles`): `revisor`, `drift`. */
  readonly roller?: readonly Systemrolle[];
  /** Lifetime in seconds (default 8 hours). */
  readonly levetidSekunder?: number;
}

const PERSON_ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u;

/** Signs a local HS256 token (for `npm run token` and tests): `sub`, `roles`, `iss`, `aud`, `iat`, `exp`, `jti`. */
export async function lagLokaltToken(noekkel: Uint8Array, valg: TokenValg, issuer = LOKAL_ISSUER, audience = LOKAL_AUDIENCE): Promise<string> {
  if (!PERSON_ID.test(valg.personId)) throw new Error(`Not a person id: ${JSON.stringify(valg.personId)}`);
  for (const r of valg.roller ?? []) if (!(SYSTEMROLLER as readonly string[]).includes(r)) throw new Error(`Unknown role ${r}; roles: ${SYSTEMROLLER.join(', ')}`);
  return new SignJWT({ ...(valg.roller && valg.roller.length > 0 ? { roles: [...valg.roller] } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(valg.personId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + (valg.levetidSekunder ?? 8 * 3600))
    .sign(noekkel);
}

/** The key local tokens are signed with under this configuration (undefined with a JWKS provider). */
export async function lokalNoekkel(auth: AuthConfig, dataDir: string): Promise<Uint8Array | undefined> {
  switch (auth.mode) {
    case 'secret':
      return new TextEncoder().encode(auth.secret);
    case 'lokal': {
      const s = await lokalHemmelighet(dataDir);
      return s === undefined ? undefined : new TextEncoder().encode(s);
    }
    case 'jwks':
    case 'mangler':
      return undefined;
  }
}
