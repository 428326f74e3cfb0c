import chalk from 'chalk';
import { formatAlert, formatEvent } from '../../../src/local/event-format';
import { pollLine } from '../../../src/local/demo-story';
import type { PublishedEvent } from '../../../src/local/local-event-bus';

chalk.level = 0; // assert on text, not colour codes

const published = (
  type: string,
  detail: Record<string, unknown>,
  targets: string[] = [],
): PublishedEvent => ({
  envelope: {
    version: '0',
    id: '1',
    'detail-type': type,
    source: 'hsmwatch',
    account: '123456789012',
    time: '2026-01-01T00:00:00.000Z',
    region: 'us-east-1',
    resources: [],
    detail,
  },
  targets,
});

describe('event-format', () => {
  describe('formatEvent', () => {
    it('shows type, short resource, new state and where the rules sent it', () => {
      const line = formatEvent(
        published(
          'HAPG State Changed',
          { resourceArn: 'arn:aws:cloudhsm:us-east-1:1:hapg-1a2b3c4d', current: { State: 'DEGRADED' } },
          ['remediate'],
        ),
        { time: false },
      );
      expect(line.replace(/\s+/g, ' ')).toBe('HAPG State Changed hapg-1a2b3c4d DEGRADED → remediate');
    });
  });

  describe('formatAlert', () => {
    it('keeps the summary, the duration and the runbook of a resolved notification', () => {
      const text = formatAlert({
        topicArn: 'arn:aws:sns:us-east-1:1:t',
        subject: '[CRITICAL] RESOLVED: HAPG degraded hapg-1',
        attributes: { kind: 'resolved', severity: 'critical' },
        message: [
          'RESOLVED: HAPG degraded (critical)',
          '',
          'Resolved: HAPG payments is DEGRADED',
          '',
          'Resource: arn',
          'Resolved: 2026-01-01T00:05:00Z after 5m',
          '',
          'Runbook: https://x/README.md#runbook-hapg-degraded',
        ].join('\n'),
      });
      expect(text.split('\n').map((l) => l.trim())).toEqual([
        'RESOLVED  [CRITICAL] RESOLVED: HAPG degraded hapg-1',
        'Resolved: HAPG payments is DEGRADED',
        'Resolved: 2026-01-01T00:05:00Z after 5m',
        'Runbook: https://x/README.md#runbook-hapg-degraded',
      ]);
    });
  });

  describe('pollLine', () => {
    it('summarises counts, API calls, events and their routing', () => {
      const line = pollLine(
        3,
        {
          target: { accountId: '123456789012', region: 'us-east-1' },
          completed: {
            counts: { hsm: { RUNNING: 5, DEGRADED: 1 }, hapg: { READY: 2 }, 'luna-client': { total: 3 } },
            apiCalls: 14,
          },
          failed: false,
          events: [
            published('HSM Status Changed', {}, ['notify']),
            published('Poll Completed', {}, ['notify']),
          ],
        },
        120,
      );
      expect(line.replace(/\s+/g, ' ').trim()).toBe(
        'poll 3 ✔ HSM 5 RUNNING 1 DEGRADED │ HAPG 2 READY │ clients 3 │ 14 API calls │ 2 events → notify×2 │ 120 ms',
      );
    });
  });
});
