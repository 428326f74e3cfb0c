import { evaluateOutage, targetArn } from '../../../../src/monitor/poll/target-events';
import { tagsDue } from '../../../../src/monitor/poll/tag-schedule';
import { TARGET } from './fixtures';

describe('evaluateOutage', () => {
  const at = (iso: string) => ({ pollId: 'p', now: new Date(iso), metaVersion: 2 });

  it('emits Poll Failed once per outage and Poll Recovered when it ends', () => {
    const first = evaluateOutage(
      TARGET,
      undefined,
      { ok: false, error: 'ListHsms: boom' },
      at('2026-11-28T12:00:00Z'),
    );
    expect(first.event?.detailType).toBe('Poll Failed');
    expect(first.event?.detail).toMatchObject({ resourceType: 'target', resourceArn: targetArn(TARGET) });
    const again = evaluateOutage(
      TARGET,
      first.next,
      { ok: false, error: 'ListHsms: boom' },
      at('2026-11-28T12:05:00Z'),
    );
    expect(again).toEqual({ next: first.next, changed: false });
    const back = evaluateOutage(TARGET, first.next, { ok: true }, at('2026-11-28T12:10:00Z'));
    expect(back.event?.detailType).toBe('Poll Recovered');
    expect(back.event?.detail.data).toMatchObject({ outageMinutes: 10 });
    expect(evaluateOutage(TARGET, undefined, { ok: true }, at('2026-11-28T12:15:00Z')).changed).toBe(false);
  });
});

describe('tagsDue', () => {
  it('refreshes each resource exactly once per period over consecutive polls', () => {
    const arn = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-12345678';
    const start = Date.parse('2026-11-28T00:00:00Z');
    let due = 0;
    for (let m = 5; m <= 240; m += 5) {
      if (tagsDue(arn, new Date(start + (m - 5) * 60_000), new Date(start + m * 60_000), 60)) due++;
    }
    expect(due).toBe(4);
    expect(tagsDue(arn, undefined, new Date(start), 60)).toBe(true);
  });
});
