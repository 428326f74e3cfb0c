import fc from 'fast-check';
import { evaluateResource, eventIdFor } from '../../../../src/monitor/poll/evaluate';
import type { ResourceState } from '../../../../src/monitor/poll/resource-state';
import type { ResourceRecord } from '../../../../src/monitor/records';
import { arnOf } from '../../../../src/monitor/records';
import { contentHash } from '../../../../src/monitor/snapshot/canonical-hash';
import { CLIENT_ARN, HAPG_ARN, HSM_ARN, client, ctx, hapg, hsm } from './fixtures';

function stateOf(record: ResourceRecord, over: Partial<ResourceState> = {}): ResourceState {
  return {
    resourceType: record.resourceType,
    arn: arnOf(record),
    version: 3,
    hash: contentHash(record),
    record,
    observedAt: '2026-11-28T11:00:00.000Z',
    watch: {},
    ...over,
  };
}
const described = (record: ResourceRecord) => ({ kind: 'described' as const, record, tagsRead: false });

describe('evaluateResource', () => {
  describe('discovery', () => {
    it('writes version 1 and emits Discovered with previous null', () => {
      const result = evaluateResource(ctx(), 'hsm', HSM_ARN, undefined, described(hsm()));
      expect(result.next?.version).toBe(1);
      expect(result.events.map((e) => e.detailType)).toEqual(['HSM Discovered']);
      expect(result.events[0]!.detail).toMatchObject({
        previous: null,
        resourceType: 'hsm',
        eventId: eventIdFor('HSM Discovered', HSM_ARN, 1),
      });
    });
  });

  describe('steady state', () => {
    it('writes nothing when the record and conditions are unchanged', () => {
      const record = hsm();
      expect(evaluateResource(ctx(), 'hsm', HSM_ARN, stateOf(record), described(record))).toEqual({
        events: [],
        recordChanged: false,
      });
    });

    it('the diff of any snapshot with itself is empty (property)', () => {
      const arbRecord = fc.oneof(
        fc
          .record({ Status: fc.constantFrom('RUNNING', 'DEGRADED'), EniIp: fc.ipV4() })
          .map((o) => hsm(o as never)),
        fc
          .record({
            State: fc.constantFrom('READY', 'DEGRADED'),
            PartitionSerialList: fc.array(fc.stringMatching(/^[0-9]{6}$/)),
          })
          .map((o) =>
            hapg({ State: o.State as 'READY', PartitionSerialList: [...o.PartitionSerialList].sort() }),
          ),
        fc.string().map((label) => client({ Label: label })),
      );
      fc.assert(
        fc.property(fc.array(arbRecord, { maxLength: 10 }), (snapshot) => {
          for (const record of snapshot) {
            const first = evaluateResource(
              ctx(),
              record.resourceType,
              arnOf(record),
              undefined,
              described(record),
            );
            const again = evaluateResource(
              ctx(),
              record.resourceType,
              arnOf(record),
              first.next,
              described(JSON.parse(JSON.stringify(record))),
            );
            expect(again.next).toBeUndefined();
            expect(again.events).toEqual([]);
          }
        }),
      );
    });
  });

  describe('changes', () => {
    it('bumps the version and emits with a stable event id', () => {
      const prev = stateOf(hsm());
      const a = evaluateResource(ctx(), 'hsm', HSM_ARN, prev, described(hsm({ Status: 'DEGRADED' })));
      const b = evaluateResource(
        ctx('2026-11-28T12:01:00.000Z', { pollId: 'other' }),
        'hsm',
        HSM_ARN,
        prev,
        described(hsm({ Status: 'DEGRADED' })),
      );
      expect(a.next?.version).toBe(4);
      expect(a.events[0]!.detail.eventId).toBe(b.events[0]!.detail.eventId);
      expect(a.events[0]!.detail.previous).toEqual(prev.record);
    });

    it('keeps lastReadyPartitionSerials from the last READY observation', () => {
      const ready = evaluateResource(ctx(), 'hapg', HAPG_ARN, undefined, described(hapg()));
      expect(ready.next?.lastReadyPartitionSerials).toEqual(['111111', '222222']);
      const degraded = evaluateResource(
        ctx(),
        'hapg',
        HAPG_ARN,
        ready.next,
        described(hapg({ State: 'DEGRADED', PartitionSerialList: ['111111'] })),
      );
      expect(degraded.next?.lastReadyPartitionSerials).toEqual(['111111', '222222']);
    });
  });

  describe('removal (two-listing rule)', () => {
    it('counts the first missing listing silently and removes on the second', () => {
      const prev = stateOf(hsm());
      const first = evaluateResource(ctx(), 'hsm', HSM_ARN, prev, { kind: 'missing' });
      expect(first.events).toEqual([]);
      expect(first.next?.missingCount).toBe(1);
      const second = evaluateResource(ctx(), 'hsm', HSM_ARN, first.next, { kind: 'missing' });
      expect(second.events.map((e) => e.detailType)).toEqual(['HSM Removed']);
      expect(second.events[0]!.detail.current).toBeNull();
      expect(second.next?.removedAt).toBeDefined();
      expect(evaluateResource(ctx(), 'hsm', HSM_ARN, second.next, { kind: 'missing' }).next).toBeUndefined();
    });

    it('forgets one missing listing when the resource is listed again, without an event', () => {
      const first = evaluateResource(ctx(), 'hsm', HSM_ARN, stateOf(hsm()), { kind: 'missing' });
      const back = evaluateResource(ctx(), 'hsm', HSM_ARN, first.next, described(hsm()));
      expect(back.events).toEqual([]);
      expect(back.next?.missingCount).toBeUndefined();
    });

    it('rediscovers a removed resource with a higher version', () => {
      const removed = stateOf(hsm(), { removedAt: '2026-11-28T11:30:00.000Z', missingCount: 2 });
      const again = evaluateResource(ctx(), 'hsm', HSM_ARN, removed, described(hsm()));
      expect(again.events.map((e) => e.detailType)).toEqual(['HSM Discovered']);
      expect(again.next?.version).toBe(4);
      expect(again.next?.removedAt).toBeUndefined();
    });
  });

  describe('describe failures', () => {
    it('marks the previous record stale once and never changes its status', () => {
      const prev = stateOf(hsm());
      const stale = evaluateResource(ctx(), 'hsm', HSM_ARN, prev, { kind: 'describe-failed', error: 'x' });
      expect(stale.events).toEqual([]);
      expect(stale.next?.record).toEqual(prev.record);
      expect(stale.next?.staleSince).toBe('2026-11-28T12:00:00.000Z');
      expect(
        evaluateResource(ctx(), 'hsm', HSM_ARN, stale.next, { kind: 'describe-failed', error: 'x' }).next,
      ).toBeUndefined();
      const fresh = evaluateResource(ctx(), 'hsm', HSM_ARN, stale.next, described(hsm()));
      expect(fresh.next?.staleSince).toBeUndefined();
      expect(fresh.events).toEqual([]);
    });
  });

  describe('conditions', () => {
    it('reports a certificate expiring at 30 days, then again inside 7 days, once each', () => {
      const record = client({
        Certificate: { ...client().Certificate!, notAfter: '2026-12-20T00:00:00.000Z' },
      });
      const first = evaluateResource(ctx(), 'luna-client', CLIENT_ARN, stateOf(client()), described(record));
      const expiring = first.events.filter((e) => e.detailType === 'Luna Client Certificate Expiring');
      expect(expiring[0]!.detail.data).toMatchObject({ threshold: 30, daysToExpiry: 21 });
      const same = evaluateResource(
        ctx('2026-11-29T12:00:00.000Z'),
        'luna-client',
        CLIENT_ARN,
        first.next,
        described(record),
      );
      expect(same.next).toBeUndefined();
      const inside7 = evaluateResource(
        ctx('2026-12-14T12:00:00.000Z'),
        'luna-client',
        CLIENT_ARN,
        first.next,
        described(record),
      );
      expect(inside7.events.map((e) => [e.detailType, e.detail.data?.threshold])).toEqual([
        ['Luna Client Certificate Expiring', 7],
      ]);
    });

    it('reports a subscription ending inside the warning window once', () => {
      const record = hsm({ SubscriptionEndDate: '2026-12-10T00:00:00.000Z' });
      const first = evaluateResource(ctx(), 'hsm', HSM_ARN, stateOf(hsm()), described(record));
      expect(first.events.map((e) => e.detailType)).toEqual(['HSM Changed', 'HSM Subscription Ending']);
      expect(
        evaluateResource(ctx('2026-11-28T13:00:00.000Z'), 'hsm', HSM_ARN, first.next, described(record)).next,
      ).toBeUndefined();
    });

    it('reads a subscription end given as epoch seconds', () => {
      const record = hsm({ SubscriptionEndDate: String(Date.parse('2026-12-10T00:00:00Z') / 1000) });
      const first = evaluateResource(ctx(), 'hsm', HSM_ARN, stateOf(hsm()), described(record));
      const ending = first.events.find((e) => e.detailType === 'HSM Subscription Ending')!;
      expect(ending.detail.data).toMatchObject({ daysToEnd: 11, threshold: 30 });
    });

    it('reports a registration pending longer than the threshold as stalled, once', () => {
      const pending = hapg({ State: 'UPDATING', HsmsPendingRegistration: [HSM_ARN] });
      const seen = evaluateResource(ctx(), 'hapg', HAPG_ARN, stateOf(hapg()), described(pending));
      expect(seen.events.map((e) => e.detailType)).toEqual(['HAPG State Changed']);
      const early = evaluateResource(
        ctx('2026-11-28T12:20:00.000Z'),
        'hapg',
        HAPG_ARN,
        seen.next,
        described(pending),
      );
      expect(early.next).toBeUndefined();
      const late = evaluateResource(
        ctx('2026-11-28T12:31:00.000Z'),
        'hapg',
        HAPG_ARN,
        seen.next,
        described(pending),
      );
      expect(late.events.map((e) => e.detailType)).toEqual(['HAPG Registration Stalled']);
      expect(late.events[0]!.detail.data).toMatchObject({ stalledHsms: [HSM_ARN], pendingSinceMinutes: 31 });
      expect(
        evaluateResource(ctx('2026-11-28T12:40:00.000Z'), 'hapg', HAPG_ARN, late.next, described(pending))
          .next,
      ).toBeUndefined();
    });
  });
});
