/** A poll scenario: emulator (simulated clock) + dynalite + pollTarget, with ground-truth checks. */
import { ClientMetrics, CloudHsmClient } from '../../../src/cloudhsm/client';
import { DEFAULT_CREDENTIALS } from '../../../src/emulator';
import { ResourceStore } from '../../../src/adapters/dynamo/resource-store';
import { pollTarget, type PollDeps, type PollResult } from '../../../src/usecases/poll/poll-target';
import type { Target } from '../../../src/monitor/records';
import { freshTable, type DynaliteHandle } from '../../support/dynamo';
import type { TestEmulator } from '../../support/emulator';
import { assertValidEvents, loadMonitorSchemas } from '../../unit/monitor/poll/schema-validator';
import { expectedChanges, reportedChanges } from './ground-truth';
import { CapturingPublisher, TestClock, countingDoc, type WriteCounter } from './support';

export const TARGET: Target = { accountId: DEFAULT_CREDENTIALS.accountId, region: 'us-east-1' };
export const POLL_INTERVAL_SECONDS = 300;
const schemas = loadMonitorSchemas();

/** One scenario's wiring. */
export class Scenario {
  readonly publisher = new CapturingPublisher();
  readonly marks: number[] = [];
  readonly clients: CloudHsmClient[] = [];
  private n = 0;

  private constructor(
    readonly emu: TestEmulator,
    readonly store: ResourceStore,
    readonly writes: WriteCounter,
    readonly clock: TestClock,
    readonly tableName: string,
  ) {}

  static async start(emu: TestEmulator, db: DynaliteHandle): Promise<Scenario> {
    await emu.admin.reset();
    const tableName = await freshTable(db);
    const { doc, writes } = countingDoc(db.doc);
    const clock = new TestClock(Date.parse(await emu.admin.now()));
    return new Scenario(emu, new ResourceStore({ doc, tableName, now: clock.now }), writes, clock, tableName);
  }

  /** A fresh client with fast retries (faults are injected by probability) and its metrics. */
  newClient(): { client: CloudHsmClient; metrics: ClientMetrics } {
    const metrics = new ClientMetrics();
    const client = new CloudHsmClient({
      region: TARGET.region,
      endpoint: this.emu.url,
      credentials: DEFAULT_CREDENTIALS,
      maxAttempts: 10,
      retryStrategy: { baseDelayMs: 1, throttlingBaseDelayMs: 1, maxDelayMs: 5 },
      hooks: metrics,
    });
    this.clients.push(client);
    return { client, metrics };
  }

  deps(over: Partial<PollDeps> = {}): PollDeps {
    const { client, metrics } = this.newClient();
    return {
      api: client,
      apiStats: () => metrics.snapshot(),
      store: this.store,
      publisher: this.publisher,
      now: this.clock.now,
      newId: () => `poll-${++this.n}`,
      ...over,
    };
  }

  /**
   * Adds the first partition of `hsmArn` to the HAPG through ModifyHapg (the group goes UPDATING
   * with the new member pending registration); returns the added serial.
   */
  async addMember(hapgArn: string, hsmArn: string): Promise<string> {
    const { client } = this.newClient();
    const group = await client.describeHapg({ HapgArn: hapgArn });
    const hsm = await client.describeHsm({ HsmArn: hsmArn });
    const serial = hsm.Partitions![0]!.split('partition-')[1]!;
    await client.modifyHapg({
      HapgArn: hapgArn,
      PartitionSerialList: [...group.PartitionSerialList!, serial],
    });
    return serial;
  }

  /** One poll; its log position counts for the ground truth when it completed a listing. */
  async poll(over: Partial<PollDeps> = {}): Promise<PollResult> {
    const mark = (await this.emu.admin.log()).length;
    const result = await pollTarget(this.deps(over), TARGET, { concurrency: 8 });
    if (result.status === 'ok') this.marks.push(mark);
    return result;
  }

  /** Advances the emulator and the poller's clock together. */
  async advance(seconds = POLL_INTERVAL_SECONDS): Promise<void> {
    await this.emu.admin.advanceClock(seconds);
    this.clock.advance(seconds);
  }

  /** Every change lasting a poll interval was reported exactly once, nothing else; events valid. */
  async expectGroundTruth(): Promise<void> {
    const log = await this.emu.admin.log();
    const events = this.publisher.events;
    expect(reportedChanges(events)).toEqual(expectedChanges(log, this.marks));
    const ids = events.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    assertValidEvents(schemas, events);
  }

  types(arn?: string): string[] {
    return this.publisher
      .changes()
      .filter((e) => !arn || e.detail.resourceArn === arn)
      .map((e) => e.detailType);
  }

  stop(): void {
    for (const c of this.clients) c.destroy();
  }
}
