/**
 * Issues a local bearer token for a person of the organisation data (development and the demo):
 *
 *     npm run token -- --person olav-bremnes [--roles revisor,drift] [--ttl 8h]
 *
 * Signed with SAKSGANG_AUTH_SECRET, or with the embedded store's local secret (generated at first start
 * in SAKSGANG_DATA_DIR). Not possible with an OpenID Connect provider (SAKSGANG_AUTH_JWKS_URL): get a
 * token from the provider instead.
 */
import { loadConfigOrReport, SYSTEMROLLER, type Systemrolle } from '@saksgang/application';
import { lagLokaltToken, lokalNoekkel } from './lag-token.js';

const HJELP = `Usage: npm run token -- --person <personId> [--roles revisor,drift] [--ttl 8h]

  --person   the person (token "sub"), a personId from the organisation data, e.g. olav-bremnes
  --roles    system roles: revisor (reads everything, changes nothing), drift (operator)
  --ttl      lifetime: e.g. 30m, 8h, 2d (default 8h; at most SAKSGANG_TOKEN_MAX_LIFETIME, 12h unless configured)

Then act in one of the person's memberships with the headers X-Organ and X-Rolle, e.g.
  curl -H "Authorization: Bearer <token>" -H "X-Organ: asu" -H "X-Rolle: sekretaer" http://127.0.0.1:3000/saker
`;

function args(argv: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') m.set('help', '1');
    else if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), argv[++i] ?? ''];
      m.set(k, v);
    }
  }
  return m;
}

/** The lifetime asked for, within what the service accepts (SAKSGANG_TOKEN_MAX_LIFETIME): a longer token would be refused. */
function ttl(v: string | undefined, maks: number): number {
  if (!v) return Math.min(8 * 3600, maks);
  const m = /^(\d+)([smhd])$/.exec(v);
  if (!m) throw new Error(`--ttl "${v}": use e.g. 30m, 8h, 2d`);
  const s = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (s < 60 || s > maks) throw new Error(`--ttl must be between 1 minute and ${maks} seconds (SAKSGANG_TOKEN_MAX_LIFETIME): the service refuses longer-lived tokens`);
  return s;
}

async function main(): Promise<number> {
  const a = args(process.argv.slice(2));
  if (a.has('help') || !a.get('person')) {
    process.stderr.write(HJELP);
    return a.has('help') ? 0 : 2;
  }
  const config = loadConfigOrReport(process.env);
  if (!config) return 2;
  const roller = (a.get('roles') ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const ukjente = roller.filter((r) => !(SYSTEMROLLER as readonly string[]).includes(r));
  if (ukjente.length > 0) {
    process.stderr.write(`Unknown role(s) ${ukjente.join(', ')}; roles: ${SYSTEMROLLER.join(', ')}\n`);
    return 2;
  }
  const dataDir = config.store.backend === 'pglite' ? config.store.dataDir : 'memory://';
  if (config.auth.mode === 'lokal' && dataDir.startsWith('memory://')) {
    process.stderr.write('The store is in memory: its local secret lives only in the server process. Set SAKSGANG_AUTH_SECRET for both.\n');
    return 2;
  }
  const noekkel = await lokalNoekkel(config.auth, dataDir);
  if (!noekkel) {
    process.stderr.write('Tokens come from your OpenID Connect provider (SAKSGANG_AUTH_JWKS_URL); local tokens need SAKSGANG_AUTH_SECRET or the embedded store.\n');
    return 2;
  }
  const token = await lagLokaltToken(noekkel, { personId: a.get('person')!, roller: roller as Systemrolle[], levetidSekunder: ttl(a.get('ttl'), config.tokenMaxLifetimeSeconds ?? 12 * 3600) }, config.auth.issuer, config.auth.audience);
  process.stdout.write(`${token}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
