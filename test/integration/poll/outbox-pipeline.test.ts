import { OutboxPipeline, type PendingOutbox } from '../../../src/usecases/poll/outbox';
import type { PollStore } from '../../../src/usecases/poll/ports';
import type { HsmwatchEvent, MonitorEventDetail } from '../../../src/monitor/events';
import type { EventPublisher } from '../../../src/monitor/events';

function outbox(i: number, events = 1): PendingOutbox {
  return {
    resource: { type: 'hsm', arn: `arn:aws:cloudhsm:us-east-1:123456789012:hsm-${i}` },
    version: 2,
    events: Array.from(
      { length: events },
      (_, k) =>
        ({
          detailType: 'HSM Status Changed',
          detail: { eventId: `${i}-${k}` },
        }) as unknown as HsmwatchEvent<MonitorEventDetail>,
    ),
  };
}

function fakes(failOnCall?: number) {
  const cleared: string[] = [];
  const batches: string[][] = [];
  const store = {
    clearOutbox: async (_t: unknown, _type: unknown, arn: string) => void cleared.push(arn),
  } as unknown as PollStore;
  const publisher: EventPublisher = {
    async publish(events) {
      if (batches.length + 1 === failOnCall) throw new Error('bus down');
      batches.push(events.map((e) => (e.detail as { eventId: string }).eventId));
    },
  };
  return { cleared, batches, store, publisher };
}
const limit = <T>(fn: () => Promise<T>) => fn();
const target = { accountId: '123456789012', region: 'us-east-1' };

describe('OutboxPipeline', () => {
  it('publishes as soon as 10 events are buffered, then clears those outboxes, and flushes the rest on drain', async () => {
    const { cleared, batches, store, publisher } = fakes();
    const hook = { calls: 0 };
    const p = new OutboxPipeline(store, publisher, target, limit, () => void hook.calls++);
    for (let i = 0; i < 12; i++) p.add(outbox(i));
    await Promise.resolve();
    const events = await p.drain();
    expect(batches.map((b) => b.length)).toEqual([10, 2]);
    expect(events).toHaveLength(12);
    expect(cleared).toHaveLength(12);
    expect(p.cleared).toBe(12);
    expect(hook.calls).toBe(1);
  });

  it('stops publishing after a failure, leaves those outboxes uncleared, and rethrows on drain', async () => {
    const { cleared, batches, store, publisher } = fakes(1);
    const p = new OutboxPipeline(store, publisher, target, limit);
    for (let i = 0; i < 25; i++) p.add(outbox(i));
    await expect(p.drain()).rejects.toThrow('bus down');
    expect(batches).toEqual([]);
    expect(cleared).toEqual([]);
  });

  it('runs the before-publish seam even when there is nothing to publish', async () => {
    const { store, publisher } = fakes();
    const p = new OutboxPipeline(store, publisher, target, limit, () => {
      throw new Error('crash');
    });
    await expect(p.drain()).rejects.toThrow('crash');
  });
});
