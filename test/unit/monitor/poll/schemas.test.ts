import { MONITOR_DETAIL_TYPES, type HsmwatchEvent } from '../../../../src/monitor/events';
import { evaluateResource } from '../../../../src/monitor/poll/evaluate';
import { evaluateOutage, targetEvent } from '../../../../src/monitor/poll/target-events';
import { HAPG_ARN, HSM_ARN, CLIENT_ARN, TARGET, client, ctx, hapg, hsm } from './fixtures';
import { assertValidEvents, loadMonitorSchemas } from './schema-validator';

const schemas = loadMonitorSchemas();

describe('schemas/monitor', () => {
  it('has exactly one schema per monitor detail-type', () => {
    expect([...schemas.keys()].sort()).toEqual([...MONITOR_DETAIL_TYPES].sort());
  });

  it('accepts every event the evaluator produces, across all detail-types', () => {
    const events: HsmwatchEvent<unknown>[] = [];
    const obs = (record: ReturnType<typeof hsm> | ReturnType<typeof hapg> | ReturnType<typeof client>) => ({
      kind: 'described' as const,
      record,
      tagsRead: true,
    });
    const h1 = evaluateResource(ctx(), 'hsm', HSM_ARN, undefined, obs(hsm()));
    const h2 = evaluateResource(
      ctx(),
      'hsm',
      HSM_ARN,
      h1.next,
      obs(hsm({ Status: 'DEGRADED', EniIp: '10.1.1.1', SubscriptionEndDate: '2026-12-05T00:00:00Z' })),
    );
    const h3 = evaluateResource(ctx(), 'hsm', HSM_ARN, h2.next, { kind: 'missing' });
    const h4 = evaluateResource(ctx(), 'hsm', HSM_ARN, h3.next, { kind: 'missing' });
    const g1 = evaluateResource(ctx(), 'hapg', HAPG_ARN, undefined, obs(hapg()));
    const g2 = evaluateResource(
      ctx(),
      'hapg',
      HAPG_ARN,
      g1.next,
      obs(
        hapg({
          State: 'UPDATING',
          PartitionSerialList: ['1'],
          HsmsLastActionFailed: ['x'],
          HsmsPendingRegistration: [HSM_ARN],
        }),
      ),
    );
    const g3 = evaluateResource(
      ctx('2026-11-28T13:00:00Z'),
      'hapg',
      HAPG_ARN,
      g2.next,
      obs(
        hapg({
          State: 'UPDATING',
          PartitionSerialList: ['1'],
          HsmsLastActionFailed: ['x'],
          HsmsPendingRegistration: [HSM_ARN],
          Label: 'new',
        }),
      ),
    );
    const g4 = evaluateResource(ctx(), 'hapg', HAPG_ARN, g3.next, { kind: 'missing' });
    const g5 = evaluateResource(ctx(), 'hapg', HAPG_ARN, g4.next, { kind: 'missing' });
    const c1 = evaluateResource(ctx(), 'luna-client', CLIENT_ARN, undefined, obs(client()));
    const soon = { ...client().Certificate!, notAfter: '2026-12-01T00:00:00.000Z' };
    const c2 = evaluateResource(
      ctx(),
      'luna-client',
      CLIENT_ARN,
      c1.next,
      obs(client({ CertificateFingerprint: 'ff', Certificate: soon, Label: 'x' })),
    );
    const c3 = evaluateResource(ctx(), 'luna-client', CLIENT_ARN, c2.next, { kind: 'missing' });
    const c4 = evaluateResource(ctx(), 'luna-client', CLIENT_ARN, c3.next, { kind: 'missing' });
    for (const r of [h1, h2, h3, h4, g1, g2, g3, g4, g5, c1, c2, c3, c4]) events.push(...r.events);
    const now = { pollId: 'p', now: new Date('2026-11-28T12:00:00Z'), metaVersion: 2 };
    const failed = evaluateOutage(TARGET, undefined, { ok: false, error: 'ListHsms: down' }, now);
    const recovered = evaluateOutage(
      TARGET,
      failed.next,
      { ok: true },
      { ...now, now: new Date('2026-11-28T12:30:00Z') },
    );
    events.push(failed.event!, recovered.event!);
    events.push(
      targetEvent(TARGET, 'Poll Completed', 'poll-123', 'poll-123', new Date(), {
        counts: { hsm: { RUNNING: 1 } },
        hapgsDegraded: 0,
        apiCalls: 5,
        throttles: 0,
        durationMs: 12,
      }),
    );
    expect(new Set(events.map((e) => e.detailType))).toEqual(new Set(MONITOR_DETAIL_TYPES));
    assertValidEvents(schemas, events);
  });

  it('rejects an event whose detail breaks its schema', () => {
    const bad = evaluateResource(ctx(), 'hsm', HSM_ARN, undefined, {
      kind: 'described',
      record: hsm(),
      tagsRead: true,
    }).events[0]!;
    const broken = { ...bad, detail: { ...bad.detail, previous: hsm() } };
    expect(() => assertValidEvents(schemas, [broken])).toThrow('HSM Discovered does not match its schema');
  });
});
