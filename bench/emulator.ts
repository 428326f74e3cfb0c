/**
 * npm run bench:emulator — signed DescribeHsm against the emulator over loopback.
 *
 * The emulator runs on this process's main thread; the load generator runs in a worker thread
 * (its own event loop, so on a 2-core machine each side gets a core). The generator keeps 50
 * keep-alive connections busy, one request in flight per connection, for 10 s. Requests are
 * signed (JS SDK style) up front and replayed: a SigV4 signature stays valid for 15 minutes, and
 * the server verifies every request in full, so this measures the server, not the signer.
 * A 1 s warm-up (JIT, first signing-key derivation) runs first and is not counted.
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_WARMUP_SECONDS (1).
 */
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { DEFAULT_CREDENTIALS, startEmulator } from '../src/emulator';
import { EmulatorAdminClient } from '../src/emulator/admin-client';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);

const LOAD_GENERATOR = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { port, requests, seconds, warmupSeconds } = workerData;
const bufs = requests.map((r) => Buffer.from(r, 'latin1'));
const latencies = [];
let ok = 0, failed = 0, open = bufs.length;
const warmEnd = Date.now() + warmupSeconds * 1000;
let measuring = warmupSeconds <= 0;
const end = warmEnd + seconds * 1000;
const CL = Buffer.from('content-length: ');
for (const req of bufs) {
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  let buf = Buffer.alloc(0), started = 0;
  const send = () => { started = process.hrtime.bigint(); sock.write(req); };
  sock.on('connect', send);
  sock.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      const head = buf.indexOf('\\r\\n\\r\\n');
      if (head < 0) return;
      const lower = buf.subarray(0, head).toString('latin1').toLowerCase();
      const i = lower.indexOf('content-length: ');
      const len = i < 0 ? 0 : parseInt(lower.slice(i + 16), 10);
      if (buf.length < head + 4 + len) return;
      const status = buf.subarray(9, 12).toString('latin1');
      buf = buf.subarray(head + 4 + len);
      if (!measuring && Date.now() >= warmEnd) measuring = true;
      if (measuring) {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (status === '200') ok++; else failed++;
      } else if (status !== '200') failed++;
      if (Date.now() < end) send(); else { sock.end(); if (--open === 0) done(); return; }
    }
  });
  sock.on('error', () => { failed++; if (--open === 0) done(); });
}
function done() {
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] || 0;
  parentPort.postMessage({ ok, failed, p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] || 0 });
}
`;

/** CPU seconds used so far by this process's main thread (the server), from /proc (Linux only). */
function serverThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100/s)
  } catch {
    return undefined;
  }
}

async function signedRequestText(port: number, body: string): Promise<string> {
  const signer = new SignatureV4({
    service: 'cloudhsm',
    region: 'us-east-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: DEFAULT_CREDENTIALS,
  });
  const host = `127.0.0.1:${port}`;
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: {
        host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CloudHsmFrontendService.DescribeHsm',
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        'amz-sdk-invocation-id': crypto.randomUUID(),
        'amz-sdk-request': 'attempt=1; max=3',
      },
      body,
    }),
  );
  const lines = Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`);
  return `POST / HTTP/1.1\r\n${lines.join('\r\n')}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`;
}

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0 });
  const admin = new EmulatorAdminClient(emu.url);
  const { hsmArns } = await admin.seed({ hsms: 100, hapgs: 10, clients: 0 });
  const requests: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    requests.push(await signedRequestText(emu.port, JSON.stringify({ HsmArn: hsmArns[i % hsmArns.length] })));
  }
  let cpuBefore: number | undefined;
  const warm = setTimeout(() => (cpuBefore = serverThreadCpuSeconds()), WARMUP_SECONDS * 1000);
  const worker = new Worker(LOAD_GENERATOR, {
    eval: true,
    workerData: { port: emu.port, requests, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS },
  });
  const result = await new Promise<{ ok: number; failed: number; p50: number; p99: number; max: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  const cpuAfter = serverThreadCpuSeconds();
  clearTimeout(warm);
  await worker.terminate();
  await emu.stop();
  const rps = Math.round((result.ok + result.failed) / SECONDS);
  process.stdout.write(
    `emulator bench: ${CONNECTIONS} connections, ${SECONDS}s, ok=${result.ok} failed=${result.failed} ` +
      `p50=${result.p50.toFixed(2)}ms p99=${result.p99.toFixed(2)}ms max=${result.max.toFixed(2)}ms` +
      (cpuBefore !== undefined && cpuAfter !== undefined
        ? ` server-cpu/request=${(((cpuAfter - cpuBefore) * 1e6) / (result.ok + result.failed)).toFixed(0)}us`
        : '') +
      '\n',
  );
  if (result.failed > 0) process.exitCode = 1;
  process.stdout.write(
    `${JSON.stringify({ bench: 'emulator', requestsPerSecond: rps, p99Ms: Number(result.p99.toFixed(2)) })}\n`,
  );
}

void main();
