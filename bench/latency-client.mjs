/* global process, console, Buffer */
// An HTTP client in a process of its own, so that the bench process's heap and garbage collector
// (after seeding, and the in-process measure) are not timed as the service's latency.
//
//   node bench/latency-client.mjs <url> <warmup> <reps>
//
// Sends `warmup` untimed GETs and then `reps` timed ones, one after another over one kept-alive
// connection; each is timed from sending the request to the last byte of the body. Prints
// `progress <n>` lines while it runs and, last, one line of JSON: { lat, bytes, status, type, body }
// where body is the first response's text (every other response must be byte for byte the same).
import http from 'node:http';

const [url, warmupArg, repsArg] = process.argv.slice(2);
const warmup = Number(warmupArg);
const reps = Number(repsArg);
if (!url || !Number.isInteger(warmup) || !Number.isInteger(reps)) {
  console.error('usage: node bench/latency-client.mjs <url> <warmup> <reps>');
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function get() {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const req = http.get(url, { agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: nowMs() - t0, status: res.statusCode, type: res.headers['content-type'], chunks }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

let first;
const lat = [];
for (let i = 0; i < warmup + reps; i++) {
  const r = await get();
  const body = Buffer.concat(r.chunks);
  if (!first) first = { status: r.status, type: r.type, body };
  else if (r.status !== first.status || !body.equals(first.body)) throw new Error(`request ${i + 1} answered differently (${r.status})`);
  if (i >= warmup) {
    lat.push(r.ms);
    if ((i - warmup + 1) % 50 === 0) console.log(`progress ${i - warmup + 1}`);
  }
}
agent.destroy();
console.log(JSON.stringify({ lat, bytes: first.body.length, status: first.status, type: first.type, body: first.body.toString('utf8') }));
