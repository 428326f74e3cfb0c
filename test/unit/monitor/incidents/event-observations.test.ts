import {
  isSystemicSkip,
  observationsFromEvent,
  rememberDeletes,
  type EventFacts,
} from '../../../../src/monitor/incidents/event-observations';
import { incidentKey, targetArn } from '../../../../src/monitor/incidents/keys';
import { step } from '../../../../src/monitor/incidents/transition';
import { ACCOUNT, POLICY, REGION, at, hsm } from './fixtures';

const base: EventFacts = {
  detailType: 'Poll Failed',
  eventId: 'e1',
  accountId: ACCOUNT,
  region: REGION,
  resourceArn: 'whatever',
  pollId: 'p1',
  at: at(0),
};
const tArn = targetArn(ACCOUNT, REGION);

describe('observationsFromEvent', () => {
  it('opens poll-failing at once on Poll Failed (the poller debounced already)', () => {
    const [o] = observationsFromEvent(
      { ...base, data: { error: 'ThrottlingError', since: at(-5) } },
      [],
      [],
      POLICY,
    );
    expect(o?.key).toBe(incidentKey(ACCOUNT, REGION, 'poll-failing', tArn));
    expect(o?.condition).toMatchObject({
      immediate: true,
      resourceType: 'target',
      summary: expect.stringContaining('ThrottlingError'),
    });
    expect(step(undefined, o!, POLICY).notifications.map((n) => n.kind)).toEqual(['opened']);
  });

  it('clears poll-failing on Poll Recovered', () => {
    const [o] = observationsFromEvent({ ...base, detailType: 'Poll Recovered' }, [], [], POLICY);
    expect(o).toMatchObject({ key: incidentKey(ACCOUNT, REGION, 'poll-failing', tArn), condition: null });
  });

  it('raises registration-stalled for the HAPG with the stalled HSMs', () => {
    const [o] = observationsFromEvent(
      {
        ...base,
        detailType: 'HAPG Registration Stalled',
        resourceArn: 'arn:hapg-1',
        data: { stalledHsms: ['arn:hsm-1'], pendingSinceMinutes: 45 },
      },
      [],
      [],
      POLICY,
    );
    expect(o?.condition).toMatchObject({
      problem: 'hapg-registration-stalled',
      severity: 'warning',
      facts: { stalledHsms: ['arn:hsm-1'] },
    });
  });

  it('raises remediation-blocked for a systemic refusal and accumulates the refused resources', () => {
    const e = {
      ...base,
      detailType: 'Remediation Skipped',
      resourceArn: 'arn:hapg-1',
      reasonCode: 'systemic-outage',
      reason: '40% unhealthy',
    };
    const [o1] = observationsFromEvent(e, [], [], POLICY);
    const s1 = step(undefined, o1!, POLICY);
    expect(s1.notifications[0]).toMatchObject({
      kind: 'opened',
      problem: 'remediation-blocked',
      severity: 'critical',
    });
    const [o2] = observationsFromEvent(
      { ...e, resourceArn: 'arn:hapg-2', at: at(1), pollId: 'p2' },
      [s1.state!],
      [],
      POLICY,
    );
    expect(o2?.condition?.facts.resources).toEqual(['arn:hapg-1', 'arn:hapg-2']);
  });

  it('ignores a non-systemic skip and unrelated events', () => {
    expect(
      observationsFromEvent(
        { ...base, detailType: 'Remediation Skipped', reasonCode: 'dry-run' },
        [],
        [],
        POLICY,
      ),
    ).toEqual([]);
    expect(observationsFromEvent({ ...base, detailType: 'HSM Changed' }, [], [], POLICY)).toEqual([]);
  });
});

describe('isSystemicSkip', () => {
  it('recognises the reason code, a data.reasonCode, or the wording', () => {
    expect(isSystemicSkip({ reasonCode: 'max-unhealthy' })).toBe(true);
    expect(isSystemicSkip({ data: { reasonCode: 'systemic-outage' } })).toBe(true);
    expect(isSystemicSkip({ reason: 'Systemic outage: 4/10 unhealthy' })).toBe(true);
    expect(isSystemicSkip({ reason: 'kill switch on' })).toBe(false);
  });
});

describe('rememberDeletes', () => {
  it('records an HSM shown TERMINATING in previous or current', () => {
    const h = hsm('aaaa0001');
    expect(
      rememberDeletes(
        { previous: { ...h, Status: 'TERMINATING' }, current: { ...h, Status: 'TERMINATED' } },
        {},
      ),
    ).toEqual({
      [h.HsmArn]: h.PartitionSerials,
    });
    expect(rememberDeletes({ previous: h, current: { ...h, Status: 'TERMINATED' } }, {})).toEqual({});
  });
});
