/**
 * The notifications' configuration (issue 18), read with the rest of the configuration at start and
 * validated there: every problem names the variable, what it got and what it accepts.
 */

/** A webhook endpoint: JSON POSTs signed per Standard Webhooks with its secret. */
export interface WebhookEndepunkt {
  /** A short name (lower-case letters, digits, `-`), the endpoint's key in the outbox. */
  readonly navn: string;
  readonly url: string;
  /** `whsec_` + base64 of at least 24 random bytes (the Standard Webhooks secret format). */
  readonly hemmelighet: string;
}

export interface VarslingConfig {
  /** Run the dispatcher (turn facts into notifications and send them) in this process. */
  readonly aktiv: boolean;
  /** `smtp://user:password@host:port` or `smtps://…`; absent: e-mails stay in the outbox. */
  readonly smtpUrl?: string;
  /** The From address, e.g. `Saksgang <saksgang@helsefellesskap.no>`; required with the SMTP URL. */
  readonly avsender?: string;
  /** The web app's address, for the links in the notifications, e.g. `https://saksgang.example.no`. */
  readonly baseUrl: string;
  /** A person's address when they have registered none, e.g. `{personId}@hnt.no`; absent: none. */
  readonly epostMal?: string;
  readonly webhooks: readonly WebhookEndepunkt[];
  /** Days before a frist that a reminder is sent (e.g. 7 and 1); a reminder also goes the day after it passed. */
  readonly fristDager: readonly number[];
  /**
   * Facts taking effect more than this many days before they were recorded (history being entered),
   * and reminders that fell due longer ago than this (the service was off), notify no one.
   */
  readonly tilbakeDager: number;
  /** Sending attempts before a notification becomes a dead letter. */
  readonly maksForsoek: number;
  /** First retry delay (ms); it doubles per attempt, at most an hour. */
  readonly backoffMs: number;
  /** How often (ms) the outbox and the deadlines are looked at. */
  readonly intervallMs: number;
  /** The hour (Europe/Oslo, 0–23) at which the daily digests go out. */
  readonly samlevarselTime: number;
}

export const VARSLING_CONFIG_VARIABLES: readonly { name: string; default: string; description: string }[] = [
  { name: 'SAKSGANG_VARSLING', default: 'as SAKSGANG_PROJECTIONS', description: 'Notifications (#18): `on` runs the dispatcher in this process (with several instances only the one holding its lease sends); `off`: not here.' },
  { name: 'SAKSGANG_SMTP_URL', default: '— (e-mails stay in the outbox)', description: 'SMTP server for the notification e-mails: `smtp://[user:password@]host:port` (STARTTLS when offered) or `smtps://…`. Needs SAKSGANG_VARSLING_AVSENDER.' },
  { name: 'SAKSGANG_VARSLING_AVSENDER', default: '—', description: 'The From address of the e-mails, e.g. `Saksgang <saksgang@helsefellesskap.no>`.' },
  { name: 'SAKSGANG_VARSLING_BASE_URL', default: 'http://HOST:PORT', description: 'The web app\'s public address; the notifications link to `<base>/app/saker/<id>` and `<base>/app/moeter/<id>`.' },
  { name: 'SAKSGANG_VARSLING_EPOST_MAL', default: '— (only registered addresses)', description: 'A person\'s e-mail address when they registered none (`PUT /varsler/innstillinger`), with `{personId}`, e.g. `{personId}@hnt.no`.' },
  {
    name: 'SAKSGANG_WEBHOOKS',
    default: '— (none)',
    description: 'Webhook endpoints as JSON: `[{"navn":"arkiv","url":"https://…","hemmelighet":"whsec_…"}]`; each gets every notification as a JSON POST signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
  },
  { name: 'SAKSGANG_VARSLING_FRIST_DAGER', default: '7,1', description: 'Days before a frist that a reminder goes out (comma-separated); one also goes the day after it passed.' },
  { name: 'SAKSGANG_VARSLING_TILBAKE_DAGER', default: '7', description: 'Facts taking effect more than this many days before now (history being entered) and reminders due longer ago notify no one.' },
  { name: 'SAKSGANG_VARSLING_MAKS_FORSOEK', default: '8', description: 'Sending attempts before a notification is a dead letter (operators read and replay them at `/varsler/doede`).' },
  { name: 'SAKSGANG_VARSLING_BACKOFF_MS', default: '5000', description: 'First retry delay in ms; doubles per attempt up to an hour.' },
  { name: 'SAKSGANG_VARSLING_INTERVALL_MS', default: '1000', description: 'How often (ms) the outbox and the deadlines are looked at.' },
  { name: 'SAKSGANG_VARSLING_SAMLEVARSEL_TIME', default: '7', description: 'The hour (Europe/Oslo) at which daily digests are sent to those who asked for them.' },
];

const NAVN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Reads the variables; problems are added to `problems` (the caller throws them all at once). */
export function varslingConfig(env: Record<string, string | undefined>, problems: string[], standardBaseUrl: string): VarslingConfig {
  const get = (n: string) => env[n]?.trim() || undefined;
  const heltall = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) {
      problems.push(`${name}="${raw}" is not a whole number (expected ${min}–${max}).`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) problems.push(`${name}=${n} is out of range (expected ${min}–${max}).`);
    return n;
  };

  // Default: where the projections run (SAKSGANG_PROJECTIONS), the dispatcher runs too.
  const aktivRaw = (get('SAKSGANG_VARSLING') ?? get('SAKSGANG_PROJECTIONS'))?.toLowerCase();
  let aktiv = true;
  if (aktivRaw !== undefined) {
    if (['on', 'true', '1', 'yes'].includes(aktivRaw)) aktiv = true;
    else if (['off', 'false', '0', 'no'].includes(aktivRaw)) aktiv = false;
    else if (get('SAKSGANG_VARSLING')) problems.push(`SAKSGANG_VARSLING="${aktivRaw}" must be on or off.`);
  }

  const smtpUrl = get('SAKSGANG_SMTP_URL');
  if (smtpUrl) {
    try {
      const u = new URL(smtpUrl);
      if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') problems.push(`SAKSGANG_SMTP_URL must start with smtp:// or smtps:// (got ${u.protocol}//…).`);
      else if (!u.hostname) problems.push('SAKSGANG_SMTP_URL names no host (e.g. smtp://mail.example.no:587).');
    } catch {
      problems.push('SAKSGANG_SMTP_URL is not a valid URL (e.g. smtp://user:password@mail.example.no:587).');
    }
  }
  const avsender = get('SAKSGANG_VARSLING_AVSENDER');
  if (smtpUrl && !avsender) problems.push('SAKSGANG_SMTP_URL needs SAKSGANG_VARSLING_AVSENDER (the From address, e.g. "Saksgang <saksgang@helsefellesskap.no>").');
  if (avsender && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(avsender)) problems.push(`SAKSGANG_VARSLING_AVSENDER="${avsender}" is not an e-mail address (e.g. saksgang@helsefellesskap.no or "Saksgang <saksgang@helsefellesskap.no>").`);

  const baseUrl = (get('SAKSGANG_VARSLING_BASE_URL') ?? standardBaseUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(baseUrl)) problems.push(`SAKSGANG_VARSLING_BASE_URL="${baseUrl}" must be an http:// or https:// address.`);

  const epostMal = get('SAKSGANG_VARSLING_EPOST_MAL');
  if (epostMal && !/^[^\s@]*\{personId\}[^\s@]*@[^\s@]+\.[^\s@]+$/.test(epostMal)) problems.push(`SAKSGANG_VARSLING_EPOST_MAL="${epostMal}" must be an address with {personId}, e.g. {personId}@hnt.no.`);

  const webhooks: WebhookEndepunkt[] = [];
  const rawHooks = get('SAKSGANG_WEBHOOKS');
  if (rawHooks) {
    let liste: unknown;
    try {
      liste = JSON.parse(rawHooks);
    } catch {
      problems.push('SAKSGANG_WEBHOOKS is not JSON (expected [{"navn":"arkiv","url":"https://…","hemmelighet":"whsec_…"}]).');
    }
    if (liste !== undefined && !Array.isArray(liste)) problems.push('SAKSGANG_WEBHOOKS must be a JSON array of {navn, url, hemmelighet}.');
    else if (Array.isArray(liste)) {
      liste.forEach((e: unknown, i) => {
        const hook = (e ?? {}) as Record<string, unknown>;
        const navn = typeof hook['navn'] === 'string' ? hook['navn'] : '';
        const url = typeof hook['url'] === 'string' ? hook['url'] : '';
        const hemmelighet = typeof hook['hemmelighet'] === 'string' ? hook['hemmelighet'] : '';
        const hvor = `SAKSGANG_WEBHOOKS[${i}]`;
        if (!NAVN.test(navn)) problems.push(`${hvor}.navn must be lower-case letters, digits and -, at most 40 (got "${navn}").`);
        else if (webhooks.some((w) => w.navn === navn)) problems.push(`${hvor}.navn "${navn}" is used twice.`);
        let urlOk: boolean;
        try {
          const u = new URL(url);
          urlOk = u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
        } catch {
          urlOk = false;
        }
        if (!urlOk) problems.push(`${hvor}.url must be https:// (http:// only for localhost), got "${url}".`);
        const bytes = hemmelighet.startsWith('whsec_') ? Buffer.from(hemmelighet.slice(6), 'base64') : Buffer.alloc(0);
        if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(hemmelighet) || bytes.length < 24 || bytes.length > 64) {
          problems.push(`${hvor}.hemmelighet must be whsec_ followed by base64 of 24–64 random bytes (e.g. "whsec_$(openssl rand -base64 32)").`);
        }
        webhooks.push({ navn, url, hemmelighet });
      });
    }
  }

  const fristDager: number[] = [];
  const rawDager = get('SAKSGANG_VARSLING_FRIST_DAGER') ?? '7,1';
  for (const d of rawDager.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 365) problems.push(`SAKSGANG_VARSLING_FRIST_DAGER: "${d}" is not a number of days (1–365).`);
    else if (!fristDager.includes(Number(d))) fristDager.push(Number(d));
  }

  return {
    aktiv,
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(avsender ? { avsender } : {}),
    baseUrl,
    ...(epostMal ? { epostMal } : {}),
    webhooks,
    fristDager: fristDager.sort((a, b) => b - a),
    tilbakeDager: heltall('SAKSGANG_VARSLING_TILBAKE_DAGER', 7, 0, 3650),
    maksForsoek: heltall('SAKSGANG_VARSLING_MAKS_FORSOEK', 8, 1, 100),
    backoffMs: heltall('SAKSGANG_VARSLING_BACKOFF_MS', 5000, 10, 3_600_000),
    intervallMs: heltall('SAKSGANG_VARSLING_INTERVALL_MS', 1000, 20, 600_000),
    samlevarselTime: heltall('SAKSGANG_VARSLING_SAMLEVARSEL_TIME', 7, 0, 23),
  };
}

/** For logging: the SMTP password left out. */
export function beskrivVarslingConfig(c: VarslingConfig): Record<string, unknown> {
  return {
    aktiv: c.aktiv,
    smtpUrl: c.smtpUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    avsender: c.avsender,
    baseUrl: c.baseUrl,
    webhooks: c.webhooks.map((w) => ({ navn: w.navn, url: w.url })),
    fristDager: c.fristDager,
  };
}
