import type { EventBridgeEnvelope, HsmwatchEvent } from '../../../src/monitor/events';
import { LocalEventBus, LocalPutEventsError } from '../../../src/local/local-event-bus';
import { loadServiceConfig } from '../../../src/local/serverless-config';

const HAPG = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-1a2b3c4d';

function event(detailType: string, detail: Record<string, unknown> = {}): HsmwatchEvent<unknown> {
  return {
    source: 'hsmwatch',
    detailType: detailType as HsmwatchEvent['detailType'],
    detail: { accountId: '123456789012', region: 'eu-west-1', resourceArn: HAPG, ...detail },
    resources: [HAPG],
    time: '2026-01-01T00:00:00.000Z',
  };
}

describe('LocalEventBus', () => {
  const { rules } = loadServiceConfig({ stage: 'local' });
  let ids = 0;
  const newId = () => `id-${++ids}`;

  describe('publish', () => {
    it('routes by the serverless.yml rules and delivers envelopes on drain', async () => {
      // prepare
      const calls: Array<[string, EventBridgeEnvelope]> = [];
      const bus = new LocalEventBus({
        rules,
        account: '000000000000',
        region: 'us-east-1',
        newId,
        invoke: async (fn, env) => {
          calls.push([fn, env]);
        },
      });
      // act
      await bus.publish([
        event('HAPG State Changed', { current: { State: 'DEGRADED' } }),
        event('HAPG State Changed', { current: { State: 'READY' } }),
        event('Poll Completed'),
      ]);
      expect(calls).toHaveLength(0);
      await bus.drain();
      // assess
      const state = (e: EventBridgeEnvelope) =>
        (e.detail as { current?: { State: string } }).current?.State ?? '-';
      expect(calls.map(([fn, e]) => `${fn}:${e['detail-type']}:${state(e)}`)).toEqual([
        'remediate:HAPG State Changed:DEGRADED',
        'notify:Poll Completed:-',
      ]);
      const [, envelope] = calls[0]!;
      // The envelope is what EventBridge delivers: account and region from the detail.
      expect(envelope).toMatchObject({
        version: '0',
        'detail-type': 'HAPG State Changed',
        source: 'hsmwatch',
        account: '123456789012',
        region: 'eu-west-1',
        resources: [HAPG],
        time: '2026-01-01T00:00:00.000Z',
      });
      expect(bus.published.map((p) => p.targets)).toEqual([['remediate'], [], ['notify']]);
    });

    it('delivers events that handlers publish during the same drain', async () => {
      const seen: string[] = [];
      const bus: LocalEventBus = new LocalEventBus({
        rules,
        account: '123456789012',
        region: 'us-east-1',
        newId,
        invoke: async (fn, env) => {
          seen.push(`${fn}:${env['detail-type']}`);
          if (fn === 'remediate') await bus.publish([event('Remediation Skipped')]);
        },
      });
      await bus.publish([event('HAPG Action Failed')]);
      await bus.drain();
      expect(seen).toEqual(['remediate:HAPG Action Failed', 'notify:Remediation Skipped']);
    });

    it('retries a failing delivery, then dead-letters it', async () => {
      let attempts = 0;
      const bus = new LocalEventBus({
        rules,
        account: '123456789012',
        region: 'us-east-1',
        newId,
        maxAttempts: 3,
        invoke: async (fn) => {
          if (fn === 'notify') {
            attempts++;
            throw new Error('boom');
          }
        },
      });
      await bus.publish([event('Poll Failed')]);
      await bus.drain();
      expect(attempts).toBe(3);
      expect(bus.deadLetters).toHaveLength(1);
      expect(bus.deadLetters[0]).toMatchObject({ functionName: 'notify', error: 'Error: boom' });
      expect(bus.deliveredCount).toBe(0);
    });

    it('refuses an entry over 256 KiB and delivers nothing of that batch', async () => {
      const calls: string[] = [];
      const bus = new LocalEventBus({
        rules,
        account: '123456789012',
        region: 'us-east-1',
        newId,
        invoke: async (fn) => void calls.push(fn),
      });
      await expect(
        bus.publish([event('Poll Failed'), event('Poll Failed', { data: { blob: 'x'.repeat(300 * 1024) } })]),
      ).rejects.toThrow(LocalPutEventsError);
      await bus.drain();
      expect(calls).toEqual([]);
      expect(bus.published).toEqual([]);
    });

    it('tells subscribers about every event, matched or not', async () => {
      const bus = new LocalEventBus({
        rules,
        account: '1',
        region: 'r',
        newId,
        invoke: async () => undefined,
      });
      const seen: string[] = [];
      const off = bus.subscribe((p) => seen.push(`${p.envelope['detail-type']}->${p.targets.join(',')}`));
      await bus.publish([event('Poll Completed'), event('Rotate Client Certificate')]);
      off();
      await bus.publish([event('Poll Completed')]);
      expect(seen).toEqual(['Poll Completed->notify', 'Rotate Client Certificate->rotateCertificates']);
    });
  });
});
