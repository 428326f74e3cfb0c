/**
 * pollTarget against the real ResourceStore on dynalite, with an in-memory API (exact control of
 * failures). The emulator-driven scenarios live in poll-scenarios.test.ts.
 */
import { ResourceStore } from '../../../src/adapters/dynamo/resource-store';
import { pollTarget, type PollDeps } from '../../../src/usecases/poll/poll-target';
import type { Target } from '../../../src/monitor/records';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { FakeApi, smallFleet } from './fake-api';
import { CapturingPublisher, TestClock, countingDoc } from './support';

const TARGET: Target = { accountId: '123456789012', region: 'us-east-1' };
let db: DynaliteHandle;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db.stop();
});

async function setup() {
  const tableName = await freshTable(db);
  const { doc, writes } = countingDoc(db.doc);
  const clock = new TestClock(Date.parse('2026-11-28T12:00:00Z'));
  const store = new ResourceStore({ doc, tableName, now: clock.now });
  const api = new FakeApi();
  const fleet = smallFleet(api);
  const publisher = new CapturingPublisher();
  let n = 0;
  const deps: PollDeps = { api, store, publisher, now: clock.now, newId: () => `poll-${++n}` };
  // The same poller dying between the store write and the publish.
  const crashing: PollDeps = {
    ...deps,
    hooks: { afterStoreBeforePublish: () => Promise.reject(new Error('crash')) },
  };
  return { tableName, writes, clock, store, api, fleet, publisher, deps, crashing };
}

describe('pollTarget with ResourceStore', () => {
  it('discovers every resource once, stores current + history + poll run, and ticks Poll Completed', async () => {
    const { deps, publisher, store, fleet } = await setup();
    const result = await pollTarget(deps, TARGET);
    expect(result.status).toBe('ok');
    expect(
      publisher
        .changes()
        .map((e) => e.detailType)
        .sort(),
    ).toEqual(['HAPG Discovered', 'HSM Discovered', 'HSM Discovered', 'Luna Client Discovered']);
    expect(publisher.events.at(-1)!.detailType).toBe('Poll Completed');
    expect(publisher.events.at(-1)!.detail.eventId).toBe(result.pollId);
    const items = await store.currentItems(TARGET);
    expect(items).toHaveLength(4);
    expect(items.every((i) => i.outbox === undefined)).toBe(true);
    const hapg = await store.getCurrent(TARGET, fleet.hapg);
    expect(hapg?.lastReadyPartitionSerials).toEqual(['100001', '100002']);
    const discovered = publisher.events.find((e) => e.detailType === 'HAPG Discovered')!;
    expect(discovered.detail.data).toEqual({ memberHsms: [fleet.hsm1, fleet.hsm2].sort() });
    expect(await store.history(fleet.hsm1)).toHaveLength(1);
    expect((await store.pollRuns(TARGET))[0]).toMatchObject({
      status: 'ok',
      counts: { hsm: { RUNNING: 2 }, hapg: { READY: 1 } },
    });
    expect(await store.targets()).toEqual([TARGET]);
  });

  it('writes zero resource items when nothing changed', async () => {
    const { deps, publisher, writes, clock } = await setup();
    await pollTarget(deps, TARGET);
    writes.reset();
    publisher.clear();
    clock.advance(300);
    const second = await pollTarget(deps, TARGET);
    expect(writes.resourceWrites).toBe(0);
    expect(writes.pollRunWrites).toBe(1);
    expect(second.run.resourceWrites).toBe(0);
    expect(publisher.events.map((e) => e.detailType)).toEqual(['Poll Completed']);
  });

  it('aborts on a List failure: Poll Failed once per outage, nothing removed, Poll Recovered once', async () => {
    const { deps, publisher, clock, api, store } = await setup();
    await pollTarget(deps, TARGET);
    publisher.clear();
    api.failList = true;
    for (let i = 0; i < 3; i++) {
      clock.advance(300);
      expect((await pollTarget(deps, TARGET)).status).toBe('failed');
    }
    expect(publisher.events.map((e) => e.detailType)).toEqual(['Poll Failed']);
    expect((await store.currentRecords(TARGET)).length).toBe(4);
    api.failList = false;
    clock.advance(300);
    await pollTarget(deps, TARGET);
    expect(publisher.changes().map((e) => e.detailType)).toEqual(['Poll Failed', 'Poll Recovered']);
  });

  it('keeps a resource whose Describe fails (stale, no status change), and removes only after two listings', async () => {
    const { deps, publisher, clock, api, store, fleet } = await setup();
    await pollTarget(deps, TARGET);
    publisher.clear();
    api.failDescribe.add(fleet.hsm1);
    clock.advance(300);
    await pollTarget(deps, TARGET);
    expect(publisher.changes()).toEqual([]);
    expect((await store.getCurrent(TARGET, fleet.hsm1))?.staleSince).toBe('2026-11-28T12:05:00.000Z');
    api.hsms.delete(fleet.hsm2);
    clock.advance(300);
    await pollTarget(deps, TARGET);
    expect(publisher.changes()).toEqual([]);
    clock.advance(300);
    await pollTarget(deps, TARGET);
    expect(publisher.changes().map((e) => [e.detailType, e.detail.resourceArn])).toEqual([
      ['HSM Removed', fleet.hsm2],
    ]);
    expect((await store.currentRecords(TARGET)).map((r) => r.resourceType).sort()).toEqual([
      'hapg',
      'hsm',
      'luna-client',
    ]);
  });

  it('replays an outbox left by a crash between store and publish, exactly once', async () => {
    const { deps, crashing, publisher, clock, api, fleet, store } = await setup();
    await pollTarget(deps, TARGET);
    publisher.clear();
    api.hsms.get(fleet.hsm1)!.Status = 'DEGRADED';
    clock.advance(300);
    await expect(pollTarget(crashing, TARGET)).rejects.toThrow('crash');
    expect(publisher.events).toEqual([]);
    expect((await store.getCurrent(TARGET, fleet.hsm1))?.outbox?.map((e) => e.detailType)).toEqual([
      'HSM Status Changed',
    ]);
    clock.advance(300);
    const next = await pollTarget(deps, TARGET);
    expect(publisher.changes().map((e) => e.detailType)).toEqual(['HSM Status Changed']);
    expect(next.run.replayed).toBe(1);
    expect((await store.getCurrent(TARGET, fleet.hsm1))?.outbox).toBeUndefined();
    clock.advance(300);
    publisher.clear();
    await pollTarget(deps, TARGET);
    expect(publisher.changes()).toEqual([]);
  });

  it('carries a young unpublished outbox into the next version instead of overwriting it', async () => {
    const { deps, crashing, publisher, clock, api, fleet } = await setup();
    await pollTarget(deps, TARGET);
    publisher.clear();
    api.hsms.get(fleet.hsm1)!.Status = 'DEGRADED';
    clock.advance(300);
    await expect(pollTarget(crashing, TARGET)).rejects.toThrow('crash');
    api.hsms.get(fleet.hsm1)!.Status = 'RUNNING';
    clock.advance(10); // a quick retry: inside the replay grace, so nothing is replayed up front
    const retry = await pollTarget(deps, TARGET);
    expect(retry.run.replayed).toBe(0);
    const statuses = publisher.changes().map((e) => (e.detail.current as { Status: string }).Status);
    expect(statuses).toEqual(['DEGRADED', 'RUNNING']);
  });

  it('keeps the outbox when publishing fails and delivers it on the next run', async () => {
    const { deps, publisher, clock, api, fleet } = await setup();
    await pollTarget(deps, TARGET);
    publisher.clear();
    api.hapgs.get(fleet.hapg)!.State = 'DEGRADED';
    clock.advance(300);
    publisher.failNext = 1;
    await expect(pollTarget(deps, TARGET)).rejects.toThrow('publisher down');
    clock.advance(300);
    await pollTarget(deps, TARGET);
    expect(publisher.changes().map((e) => e.detailType)).toEqual(['HAPG State Changed']);
  });

  it('two pollers at once emit each change once', async () => {
    const { deps, publisher, clock, api, fleet } = await setup();
    await pollTarget(deps, TARGET);
    publisher.clear();
    api.hsms.get(fleet.hsm1)!.Status = 'SUSPENDED';
    api.hapgs.get(fleet.hapg)!.PartitionSerialList = ['100002'];
    clock.advance(300);
    const results = await Promise.all([
      pollTarget(deps, TARGET),
      pollTarget(deps, TARGET),
      pollTarget(deps, TARGET),
    ]);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(
      publisher
        .changes()
        .map((e) => e.detailType)
        .sort(),
    ).toEqual(['HAPG Membership Changed', 'HSM Status Changed']);
  });
});
