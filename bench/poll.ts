/**
 * npm run bench:poll — the poller at fleet scale against the in-process emulator and dynalite.
 *
 * Fleet: 1,000 HSMs, 250 HAPGs, 500 Luna clients. Faults: latency 20 ms ± 5 ms, rate limit
 * 100 req/s (burst 100). One process runs, in order:
 *   1. our poller, a full cold cycle (list, describe, tags for every new resource, store, publish);
 *   2. a second, steady-state cycle (list + describe; no tags due; no resource writes expected);
 *   3. a naive baseline: sequential list-then-describe of everything with the same client.
 * `apiCalls`, `throttled`, `wallSeconds`, `floorSeconds` (apiCalls ÷ 100 req/s) and `ratioToFloor`
 * cover both poller cycles; `speedupVsNaive` compares the steady cycle (the same calls as the
 * baseline) with the baseline. `missed` counts resources (or status/state values) the cold cycle
 * failed to store or announce. The last line is the JSON summary.
 * Env: BENCH_HSMS, BENCH_HAPGS, BENCH_CLIENTS, BENCH_CONCURRENCY, BENCH_SKIP_NAIVE.
 */
import os from 'node:os';
import { AdaptiveRateLimiter, ClientMetrics, CloudHsmClient } from '../src/cloudhsm/client';
import { DEFAULT_CREDENTIALS, startEmulator } from '../src/emulator';
import { EmulatorAdminClient } from '../src/emulator/admin-client';
import { startDynalite } from '../src/adapters/dynamo/dynalite-server';
import { createHsmwatchTable } from '../src/adapters/dynamo/table';
import { ResourceStore } from '../src/adapters/dynamo/resource-store';
import { pollTarget, type PollDeps } from '../src/usecases/poll/poll-target';
import type { EventPublisher, HsmwatchEvent } from '../src/monitor/events';
import { arnOf, type Target } from '../src/monitor/records';
import { countingDoc } from '../test/integration/poll/support';

const HSMS = Number(process.env.BENCH_HSMS ?? 1000);
const HAPGS = Number(process.env.BENCH_HAPGS ?? 250);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RATE = 100;
// A small client-side burst keeps the server's bucket (burst 100) nearly full, so jitter in arrival
// times is absorbed there instead of turning into throttles.
const CLIENT_BURST = Number(process.env.BENCH_CLIENT_BURST ?? 10);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const log = (...a: unknown[]) => console.log(...a);

class CountingPublisher implements EventPublisher {
  readonly byType = new Map<string, number>();
  async publish(events: readonly HsmwatchEvent<unknown>[]): Promise<void> {
    for (const e of events) this.byType.set(e.detailType, (this.byType.get(e.detailType) ?? 0) + 1);
  }
}

async function main(): Promise<void> {
  log(`bench:poll  ${new Date().toISOString()}  ${os.cpus().length} cores  node ${process.version}`);
  const emu = await startEmulator({ port: 0, clock: 'simulated' });
  const admin = new EmulatorAdminClient(emu.url);
  const db = await startDynalite();
  const tableName = 'bench-poll';
  await createHsmwatchTable(db.client, tableName);
  const { doc, writes } = countingDoc(db.doc);
  try {
    let t = Date.now();
    await admin.seed({ hsms: HSMS, hapgs: HAPGS, clients: CLIENTS, membersPerHapg: 2 });
    log(`seeded ${HSMS} HSMs, ${HAPGS} HAPGs, ${CLIENTS} clients in ${round((Date.now() - t) / 1000)} s`);
    await admin.setFaults({
      latencyMs: 20,
      jitterMs: 5,
      rateLimit: { requestsPerSecond: RATE, burst: RATE },
    });

    const metrics = new ClientMetrics();
    const client = new CloudHsmClient({
      region: 'us-east-1',
      endpoint: emu.url,
      credentials: DEFAULT_CREDENTIALS,
      rateLimiter: new AdaptiveRateLimiter({ maxRate: RATE, burst: CLIENT_BURST }),
      hooks: metrics,
    });
    const target: Target = { accountId: DEFAULT_CREDENTIALS.accountId, region: 'us-east-1' };
    const publisher = new CountingPublisher();
    const store = new ResourceStore({ doc, tableName });
    let n = 0;
    const deps: PollDeps = {
      api: client,
      apiStats: () => metrics.snapshot(),
      store,
      publisher,
      now: () => new Date(),
      newId: () => `bench-${++n}`,
    };

    // 1. cold cycle
    t = performance.now();
    const cold = await pollTarget(deps, target, { concurrency: CONCURRENCY });
    const coldSeconds = (performance.now() - t) / 1000;
    log(
      `cold:   ${cold.run.apiCalls} calls, ${cold.run.throttles} throttled, ${round(coldSeconds)} s ` +
        `(floor ${round(cold.run.apiCalls / RATE)} s, ratio ${round(coldSeconds / (cold.run.apiCalls / RATE), 3)}), ` +
        `${cold.run.resourceWrites} resource writes, ${cold.run.errors.length} errors`,
    );

    // missed: everything the emulator has must be stored with the same status/state, and announced.
    const state = await admin.state();
    const region = state.regions.find((r) => r.accountId === target.accountId && r.region === target.region)!;
    const stored = new Map((await store.currentRecords(target)).map((r) => [arnOf(r), r]));
    let missed = 0;
    for (const h of region.hsms as { HsmArn: string; Status: string }[]) {
      const r = stored.get(h.HsmArn);
      if (!r || r.resourceType !== 'hsm' || r.Status !== h.Status) missed++;
    }
    for (const g of region.hapgs as { HapgArn: string; State: string }[]) {
      const r = stored.get(g.HapgArn);
      if (!r || r.resourceType !== 'hapg' || r.State !== g.State) missed++;
    }
    for (const c of region.clients as { ClientArn: string }[]) if (!stored.has(c.ClientArn)) missed++;
    const discovered = ['HSM Discovered', 'HAPG Discovered', 'Luna Client Discovered'].reduce(
      (s, k) => s + (publisher.byType.get(k) ?? 0),
      0,
    );
    missed += Math.max(0, HSMS + HAPGS + CLIENTS - discovered);

    // 2. steady cycle
    writes.reset();
    t = performance.now();
    const steady = await pollTarget(deps, target, { concurrency: CONCURRENCY });
    const steadySeconds = (performance.now() - t) / 1000;
    const steadyWrites = writes.resourceWrites;
    log(
      `steady: ${steady.run.apiCalls} calls, ${steady.run.throttles} throttled, ${round(steadySeconds)} s ` +
        `(floor ${round(steady.run.apiCalls / RATE)} s, ratio ${round(steadySeconds / (steady.run.apiCalls / RATE), 3)}), ` +
        `${steadyWrites} resource writes, ${writes.pollRunWrites} poll-run writes`,
    );

    // 3. naive baseline: sequential list-then-describe, same client
    let naiveSeconds = 0;
    if (!process.env.BENCH_SKIP_NAIVE) {
      const before = metrics.snapshot().calls;
      t = performance.now();
      for (const arn of await client.listAllHsms()) await client.describeHsm({ HsmArn: arn });
      for (const arn of await client.listAllHapgs()) await client.describeHapg({ HapgArn: arn });
      for (const arn of await client.listAllLunaClients())
        await client.describeLunaClient({ ClientArn: arn });
      naiveSeconds = (performance.now() - t) / 1000;
      log(`naive:  ${metrics.snapshot().calls - before} calls, ${round(naiveSeconds)} s (sequential)`);
    }

    const apiCalls = cold.run.apiCalls + steady.run.apiCalls;
    const wallSeconds = coldSeconds + steadySeconds;
    const floorSeconds = apiCalls / RATE;
    client.destroy();
    console.log(
      JSON.stringify({
        bench: 'poll',
        apiCalls,
        throttled: cold.run.throttles + steady.run.throttles,
        wallSeconds: round(wallSeconds),
        floorSeconds: round(floorSeconds),
        ratioToFloor: round(wallSeconds / floorSeconds, 3),
        naiveSeconds: round(naiveSeconds),
        speedupVsNaive: naiveSeconds ? round(naiveSeconds / steadySeconds) : 0,
        missed,
        steadyStateResourceWrites: steadyWrites,
      }),
    );
  } finally {
    await emu.stop();
    await db.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
