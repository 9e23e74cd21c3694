/**
 * The channels: e-mail over SMTP with nodemailer, and webhooks — JSON POSTs signed per the Standard
 * Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">` with the endpoint's `whsec_` secret). Both carry the outbox id, so a
 * receiver de-duplicates a resend (Message-ID; webhook-id).
 */
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { UtboksRad } from './utboks.js';
import type { WebhookEndepunkt } from './varsling-config.js';

/** A delivery that failed; `permanent`: retrying will not help (the receiver refused the content). */
export class LeveringFeilet extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'LeveringFeilet';
  }
}

/** The domain of the From address (Message-IDs are `<id@domain>`). */
export function avsenderdomene(avsender: string): string {
  const m = /@([^\s@<>]+)>?\s*$/.exec(avsender);
  return m?.[1] ?? 'saksgang.invalid';
}

export function messageId(id: string, avsender: string): string {
  return `<${id}@${avsenderdomene(avsender)}>`;
}

export interface Epost {
  readonly id: string;
  readonly til: string;
  readonly emne: string;
  readonly tekst: string;
  readonly html: string;
  readonly ics?: string;
  readonly icsMetode?: 'REQUEST' | 'CANCEL';
}

export class EpostKanal {
  private readonly transport: Transporter;
  constructor(
    smtpUrl: string,
    private readonly avsender: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  }

  async send(e: Epost): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.avsender,
        to: e.til,
        subject: e.emne,
        text: e.tekst,
        html: e.html,
        messageId: messageId(e.id, this.avsender),
        headers: { 'X-Saksgang-Varsel': e.id },
        ...(e.ics
          ? {
              // The invitation as an attachment (invitasjon.ics), which every mail client offers to import.
              attachments: [{ filename: 'invitasjon.ics', content: e.ics, contentType: `text/calendar; charset=utf-8; method=${e.icsMetode ?? 'REQUEST'}` }],
            }
          : {}),
      });
    } catch (error) {
      const kode = (error as { responseCode?: number }).responseCode;
      throw new LeveringFeilet(`E-posten til ${e.til} kunne ikke sendes: ${error instanceof Error ? error.message : String(error)}`, kode !== undefined && kode >= 500 && kode < 600 && kode !== 552);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The Standard Webhooks signature of a message: `v1,<base64>`. */
export function signerWebhook(hemmelighet: string, id: string, tidsstempel: number, body: string): string {
  const noekkel = Buffer.from(hemmelighet.startsWith('whsec_') ? hemmelighet.slice(6) : hemmelighet, 'base64');
  return `v1,${createHmac('sha256', noekkel).update(`${id}.${tidsstempel}.${body}`).digest('base64')}`;
}

export class WebhookKanal {
  constructor(private readonly tidsavbrudd = 10_000) {}

  async send(endepunkt: WebhookEndepunkt, rad: UtboksRad, naa: Date): Promise<void> {
    const body = JSON.stringify(rad.payload ?? {});
    const tidsstempel = Math.floor(naa.getTime() / 1000);
    let res: Response;
    try {
      res = await fetch(endepunkt.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'saksgang-webhooks',
          'webhook-id': rad.id,
          'webhook-timestamp': String(tidsstempel),
          'webhook-signature': signerWebhook(endepunkt.hemmelighet, rad.id, tidsstempel, body),
        },
        body,
        signal: AbortSignal.timeout(this.tidsavbrudd),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (error) {
      throw new LeveringFeilet(`Webhooken «${endepunkt.navn}» svarte ikke: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (res.status < 200 || res.status >= 300) throw new LeveringFeilet(`Webhooken «${endepunkt.navn}» svarte ${res.status}.`);
  }
}
