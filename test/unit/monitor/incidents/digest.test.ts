import { buildDigest, digestText, digestTitle } from '../../../../src/monitor/incidents/digest';
import { step } from '../../../../src/monitor/incidents/transition';
import type { IncidentState } from '../../../../src/monitor/incidents/types';
import { POLICY, at, cond, obs } from './fixtures';

function openIncident(key: string, severity: 'critical' | 'warning', poll: number): IncidentState {
  const c = cond(key, {
    severity,
    problem: severity === 'warning' ? 'hapg-action-failed' : 'hapg-degraded',
    immediate: true,
  });
  return step(undefined, obs(key, poll, c), POLICY).state!;
}

describe('buildDigest', () => {
  it('lists the open incidents of the digest severities, oldest first, with a per-day id', () => {
    const w1 = openIncident('w1', 'warning', 3);
    const w2 = openIncident('w2', 'warning', 1);
    const c1 = openIncident('c1', 'critical', 1);
    const resolved = { ...openIncident('w3', 'warning', 1), status: 'resolved' as const };
    const d = buildDigest([w1, w2, c1, resolved], '2026-01-02T08:00:00.000Z', ['warning']);
    expect(d?.id).toBe('digest#2026-01-02');
    expect(d?.items.map((i) => i.incidentKey)).toEqual(['w2', 'w1']);
    expect(d?.items[0]?.since).toBe(at(5));
    expect(digestTitle(d!)).toBe('hsmwatch daily digest: 2 open warning incidents');
    expect(digestText(d!)).toContain('- [warning] trouble on w2');
  });

  it('returns null when nothing is open', () => {
    expect(buildDigest([openIncident('c1', 'critical', 1)], at(0), ['warning'])).toBeNull();
  });
});
