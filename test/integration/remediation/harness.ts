/**
 * Integration harness for remediation: the real emulator (simulated clock) and dynalite over
 * loopback, the real client, the poller's pollTarget and ResourceStore to build records and
 * events, and the remediation use cases on a fresh table. The remediation clock follows the
 * emulator: `sleep` advances the emulator's clock, so verification loops never wait on wall time.
 */
import { randomUUID } from 'node:crypto';
import { CloudHsmClient } from '../../../src/cloudhsm/client';
import { DEFAULT_CREDENTIALS, DEFAULT_REGION } from '../../../src/emulator';
import type { StateChange } from '../../../src/emulator/admin-client';
import { ResourceStore } from '../../../src/adapters/dynamo/resource-store';
import { DynamoRemediationStore } from '../../../src/adapters/dynamo/remediation-store';
import { MemorySecrets } from '../../../src/adapters/certificates/secrets';
import {
  GeneratedCertificateSource,
  SecretCertificateSource,
} from '../../../src/adapters/certificates/certificate-sources';
import { SecretBundleStore } from '../../../src/adapters/certificates/bundle-stores';
import { loadRemediationConfig, type RemediationConfig } from '../../../src/config/remediation-config';
import { pollTarget } from '../../../src/usecases/poll/poll-target';
import type { EventBridgeEnvelope, HsmwatchEvent } from '../../../src/monitor/events';
import type { Target } from '../../../src/monitor/records';
import { recordSourceFromPollerStore, type RemediationDeps } from '../../../src/usecases/remediation';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { assertValidRemediationEvents } from '../../unit/monitor/remediation/remediation-schemas';

export const TARGET: Target = { accountId: DEFAULT_CREDENTIALS.accountId, region: DEFAULT_REGION };

/** A clock that follows the emulator's simulated clock. */
export class EmulatorClock {
  constructor(
    private readonly emu: TestEmulator,
    private current: Date,
  ) {}
  now(): Date {
    return new Date(this.current);
  }
  async sleep(ms: number): Promise<void> {
    await this.advance(ms / 1000);
  }
  async advance(seconds: number): Promise<void> {
    const { now } = await this.emu.admin.advanceClock(seconds);
    this.current = new Date(now);
  }
}

/** One test's world. */
export interface World {
  readonly emu: TestEmulator;
  readonly db: DynaliteHandle;
  readonly client: CloudHsmClient;
  readonly calls: string[];
  readonly clock: EmulatorClock;
  readonly resourceStore: ResourceStore;
  readonly store: DynamoRemediationStore;
  readonly published: HsmwatchEvent<unknown>[];
  readonly secrets: MemorySecrets;
  deps(env?: Record<string, string>, over?: Partial<RemediationDeps>): RemediationDeps;
  /** Polls once and returns the events of that poll. */
  poll(): Promise<HsmwatchEvent<unknown>[]>;
  /** State changes the emulator logged after `since`. */
  log(since?: number): Promise<StateChange[]>;
  /** Mutating CloudHSM calls made through our client. */
  mutatingCalls(): string[];
  close(): Promise<void>;
}

/** Wraps an event as EventBridge would deliver it. */
export function envelopeOf(e: HsmwatchEvent<unknown>, id: string = randomUUID()): EventBridgeEnvelope {
  const d = e.detail as { accountId?: string; region?: string };
  return {
    version: '0',
    id,
    'detail-type': e.detailType,
    source: e.source,
    account: d.accountId ?? TARGET.accountId,
    time: e.time,
    region: d.region ?? TARGET.region,
    resources: [...(e.resources ?? [])],
    detail: e.detail,
  };
}

/** Fast verification settings (simulated seconds). */
export const FAST_ENV: Record<string, string> = {
  REMEDIATION_VERIFY_TIMEOUT_SECONDS: '60',
  REMEDIATION_VERIFY_INTERVAL_SECONDS: '2',
  REMEDIATION_RETRY_DELAY_SECONDS: '5',
};

/** Starts a world: emulator + dynalite + fresh table, clients and stores. */
export async function startWorld(db: DynaliteHandle): Promise<World> {
  const emu = await startTestEmulator();
  const tableName = await freshTable(db);
  const calls: string[] = [];
  const client = new CloudHsmClient({
    region: TARGET.region,
    endpoint: emu.url,
    credentials: DEFAULT_CREDENTIALS,
    // One attempt: a fault injected on ModifyHapg must reach the executor, not the client's retries.
    maxAttempts: 1,
    hooks: { onResponse: (e) => calls.push(e.operation) },
  });
  const clock = new EmulatorClock(emu, new Date(await emu.admin.now()));
  const resourceStore = new ResourceStore({ doc: db.doc, tableName, now: () => clock.now() });
  const store = new DynamoRemediationStore({ doc: db.doc, tableName });
  const published: HsmwatchEvent<unknown>[] = [];
  const publisher = {
    publish: async (events: readonly HsmwatchEvent<unknown>[]) => void published.push(...events),
  };
  const secrets = new MemorySecrets();
  const records = recordSourceFromPollerStore(resourceStore);
  const pollClient = new CloudHsmClient({
    region: TARGET.region,
    endpoint: emu.url,
    credentials: DEFAULT_CREDENTIALS,
  });
  return {
    emu,
    db,
    client,
    calls,
    clock,
    resourceStore,
    store,
    published,
    secrets,
    deps(env = {}, over = {}) {
      const config: RemediationConfig = loadRemediationConfig({ ...FAST_ENV, ...env });
      return {
        api: () => client,
        records,
        store,
        publisher,
        clock,
        config,
        certificates:
          config.certSource === 'generate'
            ? new GeneratedCertificateSource({
                secrets,
                now: () => clock.now(),
                validDays: config.certValidDays,
              })
            : new SecretCertificateSource(secrets),
        bundles: new SecretBundleStore(secrets),
        newId: () => randomUUID(),
        ...over,
      };
    },
    async poll() {
      const events: HsmwatchEvent<unknown>[] = [];
      await pollTarget(
        {
          api: pollClient,
          store: resourceStore,
          publisher: { publish: async (e) => void events.push(...e) },
          now: () => clock.now(),
          newId: () => randomUUID(),
        },
        TARGET,
      );
      return events;
    },
    log: (since) => emu.admin.log(since),
    mutatingCalls: () => calls.filter((c) => /^(Modify|Create|Delete|Add|Remove)/.test(c)),
    async close() {
      client.destroy();
      pollClient.destroy();
      await emu.stop();
    },
  };
}

/** The remediation events of a kind among those published. */
export function eventsOf(
  published: readonly HsmwatchEvent<unknown>[],
  type: string,
): Record<string, unknown>[] {
  return published.filter((e) => e.detailType === type).map((e) => e.detail as Record<string, unknown>);
}

/**
 * Registers a test file's lifecycle: one dynalite for the file, and after each test the world it
 * opened is checked (every event remediation emitted matches its schema) and closed.
 */
export function useWorlds(): { readonly open: () => Promise<World> } {
  let db: DynaliteHandle;
  let current: World | undefined;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(async () => {
    await db.stop();
  });
  afterEach(async () => {
    assertValidRemediationEvents(current?.published ?? []);
    await current?.close();
    current = undefined;
  });
  return { open: async () => (current = await startWorld(db)) };
}
