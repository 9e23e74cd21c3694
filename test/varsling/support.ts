/**
 * Real receivers for the notification tests: an SMTP server (smtp-server, from the nodemailer
 * project) whose messages are parsed with mailparser, and a plain node:http webhook receiver.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Smtp {
  readonly port: number;
  readonly url: string;
  /** Every message accepted, parsed, in arrival order. */
  readonly meldinger: ParsedMail[];
  /** The envelope recipients of each message (same order). */
  readonly mottakere: string[][];
  /** Refuse the next `n` messages with a temporary error (451). */
  avvisNeste(n: number): void;
  close(): Promise<void>;
}

/** `forsinkelseMs`: how long the server takes to accept each message (a slow server, for the drill). */
export async function startSmtp(forsinkelseMs = 0): Promise<Smtp> {
  const meldinger: ParsedMail[] = [];
  const mottakere: string[][] = [];
  let avvis = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const biter: Buffer[] = [];
      stream.on('data', (b: Buffer) => biter.push(b));
      stream.on('end', () => {
        if (avvis > 0) {
          avvis--;
          const feil = new Error('Prøv igjen senere') as Error & { responseCode: number };
          feil.responseCode = 451;
          callback(feil);
          return;
        }
        simpleParser(Buffer.concat(biter)).then(
          (m) => {
            setTimeout(() => {
              meldinger.push(m);
              mottakere.push(session.envelope.rcptTo.map((r) => r.address));
              callback();
            }, forsinkelseMs);
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    meldinger,
    mottakere,
    avvisNeste: (n) => {
      avvis = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MottattWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface WebhookMottaker {
  readonly url: string;
  readonly mottatt: MottattWebhook[];
  /** Answer the next `n` requests with this status (default 503). */
  feilNeste(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookMottaker(): Promise<WebhookMottaker> {
  const mottatt: MottattWebhook[] = [];
  let feil = 0;
  let feilstatus = 503;
  const server: Server = createServer((req, res) => {
    const biter: Buffer[] = [];
    req.on('data', (b: Buffer) => biter.push(b));
    req.on('end', () => {
      if (feil > 0) {
        feil--;
        res.writeHead(feilstatus).end();
        return;
      }
      mottatt.push({ headers: req.headers, body: Buffer.concat(biter).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/saksgang`,
    mottatt,
    feilNeste: (n, status = 503) => {
      feil = n;
      feilstatus = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `ok()` holds (polling), or fails after `ms`. */
export async function inntil(ok: () => boolean | Promise<boolean>, ms = 30_000, hva = 'the condition'): Promise<void> {
  const slutt = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > slutt) throw new Error(`Timed out waiting for ${hva}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
