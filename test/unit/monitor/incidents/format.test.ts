import { consoleBlock, ConsoleNotifier } from '../../../../src/adapters/console/console-notifier';
import { formatDuration, runbookUrl, subjectLine, textBody } from '../../../../src/monitor/incidents/format';
import { sampleNotification } from '../../adapters/slack/notification-fixture';

const README = 'https://example.test/README.md';

describe('format', () => {
  it('formats durations compactly', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(3900)).toBe('1h 5m');
    expect(formatDuration(3 * 86400 + 7200 + 60)).toBe('3d 2h');
  });

  it('builds runbook links from a configurable base, dropping any fragment of it', () => {
    expect(runbookUrl('poll-failing', { readmeUrl: `${README}#top` })).toBe(`${README}#runbook-poll-failing`);
  });

  it('writes a reminder with how long it has been open', () => {
    const n = sampleNotification({ kind: 'reminder', at: '2026-01-01T04:00:00.000Z' });
    expect(subjectLine(n)).toMatch(/^\[CRITICAL\] STILL OPEN: /);
    expect(textBody(n, { readmeUrl: README })).toContain('Open for: 4h');
  });
});

describe('ConsoleNotifier', () => {
  it('prints one readable block per message, with the runbook link', async () => {
    const out: string[] = [];
    const sink = new ConsoleNotifier({ readmeUrl: README, write: (t) => void out.push(t) });
    await sink.send(sampleNotification());
    await sink.send(sampleNotification({ kind: 'resolved', durationSeconds: 600 }));
    expect(out).toHaveLength(2);
    // eslint-disable-next-line no-control-regex
    const plain = out.map((t) => t.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(plain[0]).toContain('CRITICAL  opened HAPG degraded hapg-1a2b3c4d');
    expect(plain[0]).toContain('• hsm-0a1b2c3d DEGRADED');
    expect(plain[0]).toContain(`runbook ${README}#runbook-hapg-degraded`);
    expect(plain[1]).toContain('resolved after 10m');
    expect(consoleBlock(sampleNotification(), { readmeUrl: README }).endsWith('\n')).toBe(true);
  });
});
