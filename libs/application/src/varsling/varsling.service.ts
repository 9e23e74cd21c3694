/**
 * Runs the notifications in this process: the dispatcher (a projection with its own runner, lease and
 * checkpoint) and, while this instance holds the dispatcher's lease, the sender — the deadline
 * reminders, the outbox (e-mail, webhooks, with retries and backoff; dead letters after the last
 * attempt) and the daily digests.
 *
 * The guarantee: at least once to the channel, with a stable id per (fact, recipient, channel) — the
 * e-mail's Message-ID and the webhook's `webhook-id`. A crash between sending and recording it sends
 * the same message again with the same id, which the receiver de-duplicates on: exactly once as a
 * person (or a de-duplicating receiver) sees it. Nothing is lost: a row is written in the dispatcher's
 * transaction with its checkpoint, and marked sent only after the channel accepted it.
 */
import { createHash } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { EventStore, Position, SqlClient } from '@saksgang/event-store';
import { type ProjectionLease, type ProjectionLogger, ProjectionRunner, singleProcessLease } from '@saksgang/projections';
import { CLOCK, type Clock } from '../clock.js';
import type { SaksgangConfig } from '../config/config.js';
import { leaseFor } from '../projections/projections.service.js';
import { EVENT_STORE, SAKSGANG_CONFIG, SQL_CLIENT } from '../tokens.js';
import { DISPATCHER_NAVN, VarslingDispatcher } from './dispatcher.js';
import { EpostKanal, LeveringFeilet, WebhookKanal } from './kanaler.js';
import { datoIOslo, midnattOslo, skrivPaaminnelser } from './paaminnelser.js';
import { escapeHtml } from './tekst.js';
import { forfalte, hentInnstillinger, hentUtboks, hentVarsel, settSisteSamlevarsel, settStatus, sisteSamlevarsel, type UtboksRad, VARSELART_NAVN } from './utboks.js';
import { type VarslingConfig, varslingConfig } from './varsling-config.js';

export type Varslingsutfall = 'sendt' | 'feilet' | 'nytt_forsoek' | 'doed';

/** Told of every delivery attempt (the HTTP app's metrics). */
export type VarslingObserver = (o: { readonly kanal: string; readonly utfall: Varslingsutfall }) => void;

export const VARSLING_OBSERVER = Symbol('saksgang.VarslingObserver');
/** Options for tests: another lease. */
export const VARSLING_OPTIONS = Symbol('saksgang.VarslingOptions');
export interface VarslingOptions {
  readonly lease?: ProjectionLease;
}

/** The notification does not exist, or is not a dead letter (replay). */
export class VarselIkkeFunnetError extends Error {
  constructor(readonly id: string) {
    super(`Det finnes ikke noe varsel med id ${id}.`);
    this.name = 'VarselIkkeFunnetError';
  }
}

const TIME_MS = 3_600_000;

@Injectable()
export class VarslingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly config: VarslingConfig;
  readonly runner: ProjectionRunner;
  private readonly logger = new Logger('varsling');
  private readonly epost: EpostKanal | undefined;
  private readonly webhook = new WebhookKanal();
  private timer: NodeJS.Timeout | undefined;
  private runde: Promise<void> | undefined;
  private stopper = false;
  private startet = false;
  private sisteFeil: string | undefined;
  private starter: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(SAKSGANG_CONFIG) config: SaksgangConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(VARSLING_OBSERVER) private readonly observer: VarslingObserver | null = null,
    @Optional() @Inject(VARSLING_OPTIONS) options: VarslingOptions | null = null,
  ) {
    this.config = config.varsling ?? varslingConfig({}, [], `http://${config.host}:${config.port}`);
    const logger = nestLogger(this.logger);
    this.runner = new ProjectionRunner({
      store,
      sql,
      projections: [new VarslingDispatcher({ config: this.config })],
      logger,
      // With SAKSGANG_VARSLING=off nothing runs here, so nothing needs a lease either.
      lease: options?.lease ?? (this.config.aktiv ? leaseFor(config, sql, logger) : singleProcessLease()),
      leaseRetryMs: config.projectionLeaseRetryMs ?? 1000,
      retry: { initialDelayMs: 200, maxDelayMs: 30_000 },
    });
    if (this.config.smtpUrl && this.config.avsender) this.epost = new EpostKanal(this.config.smtpUrl, this.config.avsender);
  }

  get aktiv(): boolean {
    return this.config.aktiv;
  }

  /** An SMTP server is configured: e-mails are sent (else they stay in the outbox). */
  get senderEpost(): boolean {
    return this.epost !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.config.aktiv) return;
    this.starter = this.start();
  }

  private async start(): Promise<void> {
    while (!this.stopper && !this.startet) {
      try {
        await this.runner.start();
        this.startet = true;
      } catch (error) {
        if (this.stopper) break;
        this.logger.error(`The dispatcher could not start; retrying in 5 s: ${error instanceof Error ? error.message : String(error)}`);
        for (let i = 0; i < 50 && !this.stopper; i++) await new Promise((r) => setTimeout(r, 100).unref());
      }
    }
    if (this.stopper) return;
    this.timer = setInterval(() => void this.kjoer(), this.config.intervallMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopper = true;
    // A start under way finishes first (the runner's start cannot be interrupted), then everything stops.
    await this.starter;
    clearInterval(this.timer);
    await this.runde;
    await this.runner.close();
    this.epost?.close();
  }

  /** Whether this instance sends (holds the dispatcher's lease). */
  get sender(): boolean {
    return this.startet && this.runner.holdsLease(DISPATCHER_NAVN);
  }

  /** Waits until the dispatcher has turned the log up to `position` into notifications. */
  async venterPaa(position: Position, timeoutMs = 10_000): Promise<boolean> {
    const frist = Date.now() + timeoutMs;
    while (!this.startet && Date.now() < frist) await new Promise((r) => setTimeout(r, 20));
    return this.runner.waitFor(position, Math.max(0, frist - Date.now()), DISPATCHER_NAVN);
  }

  /** One round now (reminders, outbox, digests), after the one under way; rounds never overlap. */
  async kjoer(): Promise<void> {
    if (this.runde) {
      await this.runde;
      if (this.runde) return this.runde;
    }
    this.runde = this.enRunde().finally(() => {
      this.runde = undefined;
    });
    return this.runde;
  }

  private async enRunde(): Promise<void> {
    if (this.stopper || !this.sender) return;
    try {
      const naa = this.clock.now();
      await skrivPaaminnelser(this.sql, this.config, naa);
      // A batch at a time until nothing is due (a round stops early when the service stops).
      for (let i = 0; i < 50 && !this.stopper; i++) if ((await this.sendForfalte(naa)) === 0) break;
      await this.sendSamlevarsler(naa);
      if (this.sisteFeil) this.logger.log('Notifications: working again.');
      this.sisteFeil = undefined;
    } catch (error) {
      const melding = error instanceof Error ? error.message : String(error);
      if (melding !== this.sisteFeil) this.logger.warn(`Notifications: a round failed; trying again: ${melding}`);
      this.sisteFeil = melding;
    }
  }

  private async sendForfalte(naa: Date): Promise<number> {
    const rader = await forfalte(this.sql, naa, 20, this.epost ? ['epost', 'webhook'] : ['webhook']);
    for (const rad of rader) {
      if (this.stopper || !this.sender) break;
      await this.send(rad, naa);
    }
    return rader.length;
  }

  private async send(rad: UtboksRad, naa: Date): Promise<void> {
    if (rad.kanal === 'epost') {
      const innstillinger = await hentInnstillinger(this.sql, rad.personId ?? rad.mottaker);
      if (innstillinger.avmeldt.includes(rad.art)) return settStatus(this.sql, [rad.id], { status: 'avmeldt' });
      const adresse = innstillinger.epost ?? this.config.epostMal?.replace('{personId}', rad.mottaker);
      if (!adresse) return settStatus(this.sql, [rad.id], { status: 'uten_adresse' });
      if (innstillinger.modus === 'daglig') return settStatus(this.sql, [rad.id], { status: 'samles' });
      await this.lever(rad, naa, () => this.epost!.send({ id: rad.id, til: adresse, emne: rad.emne, tekst: rad.tekst, html: rad.html, ...(rad.ics ? { ics: rad.ics, icsMetode: rad.art === 'moete_avlyst' ? 'CANCEL' : 'REQUEST' } : {}) }));
      return;
    }
    const endepunkt = this.config.webhooks.find((w) => w.navn === rad.mottaker);
    if (!endepunkt) {
      await settStatus(this.sql, [rad.id], { status: 'doed', sisteFeil: `Webhooken «${rad.mottaker}» er ikke lenger konfigurert (SAKSGANG_WEBHOOKS).` });
      this.observer?.({ kanal: rad.kanal, utfall: 'doed' });
      return;
    }
    await this.lever(rad, naa, () => this.webhook.send(endepunkt, rad, naa));
  }

  private async lever(rad: UtboksRad, naa: Date, send: () => Promise<void>, ider: readonly string[] = [rad.id]): Promise<void> {
    const forsoek = rad.forsoek + 1;
    try {
      await send();
    } catch (error) {
      const melding = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof LeveringFeilet && error.permanent;
      this.observer?.({ kanal: rad.kanal, utfall: 'feilet' });
      if (permanent || forsoek >= this.config.maksForsoek) {
        await settStatus(this.sql, ider, { status: 'doed', forsoek, sisteFeil: melding });
        this.observer?.({ kanal: rad.kanal, utfall: 'doed' });
        this.logger.warn(`Notification ${rad.id} is a dead letter after ${forsoek} attempt(s): ${melding}`);
      } else {
        const ventetid = Math.min(this.config.backoffMs * 2 ** (forsoek - 1), TIME_MS);
        await settStatus(this.sql, ider, { status: 'venter', forsoek, nesteForsoek: new Date(naa.getTime() + ventetid), sisteFeil: melding });
        this.observer?.({ kanal: rad.kanal, utfall: 'nytt_forsoek' });
      }
      return;
    }
    await settStatus(this.sql, ider, { status: 'sendt', forsoek, sendt: this.clock.now(), sisteFeil: null });
    this.observer?.({ kanal: rad.kanal, utfall: 'sendt' });
  }

  /**
   * The daily digests: once the day's hour has come, each person who chose «daglig» gets one e-mail with
   * what was collected before it. Its id is derived from the person, the day and the notifications in it.
   */
  private async sendSamlevarsler(naa: Date): Promise<void> {
    if (!this.epost) return;
    const idag = datoIOslo(naa);
    const tidspunkt = new Date(midnattOslo(idag).getTime() + this.config.samlevarselTime * TIME_MS);
    if (naa.getTime() < tidspunkt.getTime()) return;
    const { rows } = await this.sql.query(`SELECT DISTINCT person_id FROM varsling_utboks WHERE status = 'samles' AND kanal = 'epost' AND opprettet < $1 AND neste_forsoek <= $2`, [tidspunkt.toISOString(), naa.toISOString()]);
    for (const r of rows) {
      if (this.stopper || !this.sender) return;
      const personId = String(r['person_id']);
      // One digest a day: what comes after today's went out waits for tomorrow's.
      if ((await sisteSamlevarsel(this.sql, personId)) === idag) continue;
      const rader = (await hentUtboks(this.sql, { personId, status: 'samles', kanal: 'epost', grense: 500 })).filter((x) => x.opprettet < tidspunkt).reverse();
      if (rader.length === 0) continue;
      const innstillinger = await hentInnstillinger(this.sql, personId);
      const adresse = innstillinger.epost ?? this.config.epostMal?.replace('{personId}', personId);
      const ider = rader.map((x) => x.id);
      if (!adresse) {
        await settStatus(this.sql, ider, { status: 'uten_adresse' });
        continue;
      }
      const id = createHash('sha256').update(`samlevarsel\u0000${personId}\u0000${idag}\u0000${[...ider].sort().join(',')}`).digest('hex').slice(0, 32);
      const navn = rader[0]!.mottakernavn;
      const emne = `Daglig oppsummering fra saksgang ${idag.split('-').reverse().join('.')}: ${rader.length} ${rader.length === 1 ? 'varsel' : 'varsler'}`;
      const tekst = [`Hei${navn ? ` ${navn}` : ''},`, '', `Her er varslene dine siden forrige oppsummering:`, '', ...rader.flatMap((x) => [`• ${VARSELART_NAVN[x.art]}: ${x.emne}`, `  ${x.lenke}`, ''])].join('\n');
      const html = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${escapeHtml(emne)}</title></head><body style="font-family: sans-serif"><p>Hei${navn ? ` ${escapeHtml(navn)}` : ''},</p><p>Her er varslene dine siden forrige oppsummering:</p><ul>${rader.map((x) => `<li>${escapeHtml(VARSELART_NAVN[x.art])}: <a href="${escapeHtml(x.lenke)}">${escapeHtml(x.emne)}</a></li>`).join('')}</ul></body></html>`;
      await this.lever({ ...rader[0]!, forsoek: Math.max(...rader.map((x) => x.forsoek)) }, naa, () => this.epost!.send({ id, til: adresse, emne, tekst, html }), ider);
      const etter = await hentVarsel(this.sql, ider[0]!);
      if (etter?.status === 'venter') await settStatus(this.sql, ider, { status: 'samles' });
      else if (etter?.status === 'sendt') {
        await settStatus(this.sql, ider, { status: 'sendt', samlevarselId: id });
        await settSisteSamlevarsel(this.sql, personId, idag);
      }
    }
  }

  // ---------- reading and replaying ----------

  /** Sends a notification again (a dead letter, or any other on an operator's request): from now, attempts counted anew. */
  async sendIgjen(id: string): Promise<UtboksRad> {
    const rad = await hentVarsel(this.sql, id);
    if (!rad) throw new VarselIkkeFunnetError(id);
    await settStatus(this.sql, [id], { status: 'venter', forsoek: 0, nesteForsoek: this.clock.now() });
    void this.kjoer();
    return (await hentVarsel(this.sql, id))!;
  }
}

function nestLogger(logger: Logger): ProjectionLogger {
  return {
    log: (message) => logger.log(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error(message, error instanceof Error ? error.stack : undefined),
  };
}
