/**
 * Traces (#21 item 5) against a real OTLP/HTTP receiver: a plain node:http server in the test takes
 * the exporter's `POST /v1/traces` (the JSON encoding of @opentelemetry/exporter-trace-otlp-http),
 * and the API runs as its own process (as operators run it: telemetri/ starts before Nest), with
 * `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at the receiver. No part of the SDK is mocked.
 *
 * A request that records a step gives a request span and a command span in one trace, and that trace
 * id is the correlation id recorded on the event; a caller's `traceparent` continues its trace; a
 * client's own X-Correlation-Id is kept; a projection batch gets its span; no token, no query value
 * and no request body reaches the receiver. Without an endpoint nothing is started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { otlpTracesEndpoint } from '../../apps/api/src/telemetri/endpoint.js';
import { actor, freePort, http, type Instance, startInstance, until } from '../multi-instance/support.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** The receiver: every body the exporter posted, as it arrived, and the spans in them. */
const received: { path: string; contentType: string; body: string }[] = [];
let receiver: Server;
let receiverUrl: string;
let api: Instance;
let dataDir: string;

function spans(): OtlpSpan[] {
  const out: OtlpSpan[] = [];
  for (const r of received) {
    if (r.path !== '/v1/traces') continue;
    const doc = JSON.parse(r.body) as { resourceSpans?: { scopeSpans?: { spans?: (Omit<OtlpSpan, 'attributes'> & { attributes?: { key: string; value: Record<string, unknown> }[] })[] }[] }[] };
    for (const rs of doc.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? []) {
          const attributes: Record<string, unknown> = {};
          for (const a of s.attributes ?? []) attributes[a.key] = Object.values(a.value)[0];
          out.push({ ...s, attributes });
        }
  }
  return out;
}

/** Waits for a span the predicate picks (the exporter sends in batches, every 100 ms here). */
function spanWhere(what: string, pick: (s: OtlpSpan) => boolean): Promise<OtlpSpan> {
  return until(what, async () => spans().find(pick), 30_000, 100);
}

const ADMIN = actor('admin', 'sekretariat-tr', 'sekretaer');

async function etabler(organId: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await http('POST', `${api.url}/organer`, {
    headers: { ...ADMIN, ...headers },
    body: { organId, navn: `PSU ${organId}`, organtype: 'psu', mandat: `Mandat for ${organId}: hemmelig-mandattekst`, gjelderFra: '2016-01-01' },
  });
  if (res.status !== 201) throw new Error(`POST /organer → ${res.status}: ${JSON.stringify(res.json)}`);
  const read = await http('GET', `${api.url}/organer/${organId}`, { headers: ADMIN });
  if (read.status !== 200) throw new Error(`GET /organer/${organId} → ${read.status}`);
  return read.json.hendelser[0].correlationId as string;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  dataDir = mkdtempSync(join(tmpdir(), 'saksgang-telemetri-'));
  api = startInstance('api', await freePort(), {
    SAKSGANG_STORE: 'pglite',
    SAKSGANG_DATA_DIR: dataDir,
    SAKSGANG_PROJECTIONS: 'on',
    SAKSGANG_LOG_FORMAT: 'json',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  try {
    await Promise.race([
      until('the API to answer /health/live', async () => ((await http('GET', `${api.url}/health/live`)).status === 200 ? true : undefined), 150_000, 250),
      api.exited.then((code) => Promise.reject(new Error(`the API exited with code ${code} before answering`))),
    ]);
  } catch (error) {
    throw new Error(`${String(error)}\n${api.output().slice(-4000)}`, { cause: error });
  }
}, 180_000);

afterAll(async () => {
  if (api && api.process.exitCode === null && api.process.signalCode === null) {
    api.process.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([api.exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
    if (api.process.exitCode === null && api.process.signalCode === null) api.process.kill('SIGKILL');
  }
  await new Promise((r) => receiver?.close(r));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('traces over OTLP/HTTP to a receiver the test runs', () => {
  it('a step gives a request span and a command span in one trace, whose id is the correlation id recorded on the event', async () => {
    const correlationId = await etabler('psu-spor');
    const request = await spanWhere('the request span of POST /organer', (s) => s.name === 'POST /organer' && s.traceId === correlationId);
    const command = await spanWhere('the command span of the same trace', (s) => s.name.startsWith('command organ.') && s.traceId === correlationId);

    // The trace id is the event's correlation id (32 hex digits, W3C trace context).
    expect(correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(command.traceId).toBe(request.traceId);
    expect(command.parentSpanId).toBe(request.spanId);
    // The request span: the route template and the status as attributes, a server span.
    expect(request.kind).toBe(2);
    expect(request.attributes['http.route']).toBe('/organer');
    expect(Number(request.attributes['http.response.status_code'])).toBe(201);
    // The command span: category, workflow step, outcome.
    expect(command.attributes['saksgang.command.category']).toBe('organ');
    expect(command.attributes['saksgang.command.step']).toBe(command.name.slice('command organ.'.length));
    expect(command.attributes['saksgang.command.outcome']).toBe('accepted');
    expect(Number(command.attributes['saksgang.command.events'])).toBe(1);
    // The request's log lines carry the same id, as traceId and as correlationId.
    const line = await until('the log line of the request', async () =>
      api.output().split('\n').find((l) => l.includes('"request completed"') && l.includes(`"traceId":"${correlationId}"`)), 10_000, 100);
    expect(JSON.parse(line).correlationId).toBe(correlationId);
    // JSON, as the exporter chose, to the standard path.
    expect(received.find((r) => r.path === '/v1/traces')?.contentType).toMatch(/^application\/json/);
  });

  it("names a request span by the route pattern, never the raw id, and a refused step's command span says refused", async () => {
    await etabler('psu-gjentatt');
    // The same organ again: refused (it exists), a 4xx.
    const res = await http('POST', `${api.url}/organer`, {
      headers: ADMIN,
      body: { organId: 'psu-gjentatt', navn: 'PSU igjen', organtype: 'psu', mandat: 'm', gjelderFra: '2016-01-01' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const refused = await spanWhere('a refused command span', (s) => s.name.startsWith('command organ.') && s.attributes['saksgang.command.outcome'] !== 'accepted');
    expect(['refused', 'conflict']).toContain(refused.attributes['saksgang.command.outcome']);
    const read = await spanWhere('the request span of GET /organer/:organId', (s) => s.attributes['http.route'] === '/organer/:organId');
    expect(read.name).toBe('GET /organer/:organId');
    expect(spans().some((s) => s.name.includes('psu-gjentatt') || s.name.includes('psu-spor'))).toBe(false);
  });

  it("continues a caller's trace (W3C traceparent): the caller's trace id is the event's correlation id", async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const correlationId = await etabler('psu-kaller', { traceparent: `00-${callerTrace}-${callerSpan}-01` });
    expect(correlationId).toBe(callerTrace);
    const request = await spanWhere("the request span in the caller's trace", (s) => s.name === 'POST /organer' && s.traceId === callerTrace);
    expect(request.parentSpanId).toBe(callerSpan);
    await spanWhere("the command span in the caller's trace", (s) => s.name.startsWith('command organ.') && s.traceId === callerTrace);
  });

  it("keeps a client's own X-Correlation-Id on the events, as before", async () => {
    const correlationId = await etabler('psu-egen', { 'x-correlation-id': 'min-egen-korrelasjon-1' });
    expect(correlationId).toBe('min-egen-korrelasjon-1');
  });

  it('gives a projection batch a span of its own with the projection and the number of events', async () => {
    const batch = await spanWhere('a projection batch span', (s) => s.name.startsWith('projection ') && Number(s.attributes['saksgang.projection.events']) >= 1);
    expect(batch.attributes['saksgang.projection.name']).toBe(batch.name.slice('projection '.length));
    expect(batch.parentSpanId ?? '').toBe('');
  });

  it('sends no token, no query value and no request body to the receiver; health checks get no span', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoZW1tZWxpZyJ9.hemmelig-signatur-123';
    const res = await http('GET', `${api.url}/saker?sok=hemmelig-soekeord`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    const span = await spanWhere('the span of the refused GET /saker', (s) => s.attributes['url.path'] === '/saker' && Number(s.attributes['http.response.status_code']) === 401);
    expect(span.attributes['url.query']).toBe('sok=REDACTED');
    await http('GET', `${api.url}/health/live`);
    // One more span after the probe, so the probe's would have been exported by now.
    const after = await etabler('psu-etter-proben');
    await spanWhere('the span after the probe', (s) => s.name === 'POST /organer' && s.traceId === after);
    const everything = received.map((r) => r.body).join('\n');
    expect(everything).not.toContain('hemmelig-signatur-123');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('hemmelig-soekeord');
    expect(everything).not.toContain('hemmelig-mandattekst');
    expect(everything.toLowerCase()).not.toContain('x-dev-person');
    expect(spans().some((s) => String(s.attributes['url.path'] ?? '').startsWith('/health'))).toBe(false);
  });
});

describe('traces off', () => {
  it('starts nothing without an OTLP endpoint (and with the SDK disabled or the exporter none)', async () => {
    expect(otlpTracesEndpoint({})).toBeUndefined();
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' })).toBe('http://127.0.0.1:4318/v1/traces');
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/egen' })).toBe('http://collector:4318/egen');
    const { startTelemetri } = await import('../../apps/api/src/telemetri/telemetri.js');
    expect(startTelemetri({})).toBeUndefined();
    // No tracer provider was registered: a span asked for is a no-op that records nothing.
    const span = trace.getTracer('test').startSpan('noe');
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});
