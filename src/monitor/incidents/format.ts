/**
 * Human wording of notifications, shared by every sink so SNS, Slack and the console say the
 * same thing. Links point at the README's runbook section for the problem.
 */
import type { Notification, Problem } from './types';

/** Options of the formatter. */
export interface FormatOptions {
  /** README base URL; the runbook anchors are appended (`<readmeUrl>#runbook-<problem>`). */
  readonly readmeUrl: string;
}

const TITLES: Record<Problem, string> = {
  'hsm-unhealthy': 'HSM unhealthy',
  'hsm-terminated-unexpectedly': 'HSM terminated unexpectedly',
  'hapg-degraded': 'HAPG degraded',
  'hapg-action-failed': 'HAPG action failed',
  'hapg-registration-stalled': 'HAPG registration stalled',
  'client-cert-expiring': 'Luna client certificate expiring',
  'subscription-ending': 'HSM subscription ending',
  'poll-failing': 'Polling failing',
  'remediation-blocked': 'Remediation refused (systemic outage)',
};

const KIND_WORD = { opened: 'OPEN', reminder: 'STILL OPEN', resolved: 'RESOLVED' } as const;

/** The runbook anchor of a problem (the README heading is `Runbook: <problem>`). */
export function runbookAnchor(problem: Problem): string {
  return `runbook-${problem}`;
}

/** The full runbook URL of a problem. */
export function runbookUrl(problem: Problem, options: FormatOptions): string {
  return `${options.readmeUrl.replace(/#.*$/, '')}#${runbookAnchor(problem)}`;
}

/** A short title: `HAPG degraded`. */
export function problemTitle(problem: Problem): string {
  return TITLES[problem];
}

/** The resource's readable name: last ARN segment, e.g. `hapg-1a2b3c4d`. */
export function resourceName(arn: string): string {
  const i = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/** `1h 5m`, `3d 2h`, `45s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean);
  return parts.length ? parts.slice(0, 2).join(' ') : `${s}s`;
}

/** One-line subject, ASCII only and at most `max` characters (SNS allows 100). */
export function subjectLine(n: Notification, max = 100): string {
  const text = `[${n.severity.toUpperCase()}] ${KIND_WORD[n.kind]}: ${problemTitle(n.problem)} ${resourceName(n.resourceArn)} (${n.accountId}/${n.region})`;
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= max ? ascii : `${ascii.slice(0, max - 3)}...`;
}

/** The readable multi-line body (SNS e-mail/SMS subscribers, the console). */
export function textBody(n: Notification, options: FormatOptions): string {
  const lines = [
    `${KIND_WORD[n.kind]}: ${problemTitle(n.problem)} (${n.severity})`,
    '',
    n.kind === 'resolved' ? `Resolved: ${n.summary}` : n.summary,
    '',
    `Resource: ${n.resourceArn}`,
    `Status:   ${n.state}`,
    `Account:  ${n.accountId}`,
    `Region:   ${n.region}`,
    `Since:    ${n.since}`,
  ];
  if (n.kind === 'resolved' && n.durationSeconds !== undefined) {
    lines.push(`Resolved: ${n.at} after ${formatDuration(n.durationSeconds)}`);
  } else if (n.kind === 'reminder') {
    lines.push(`Open for: ${formatDuration((Date.parse(n.at) - Date.parse(n.since)) / 1000)}`);
  }
  if (n.affected.length > 0) {
    lines.push('', 'Affected members:');
    for (const m of n.affected)
      lines.push(`  - ${m.arn} ${m.status}${m.inhibited ? ' (expected/silenced)' : ''}`);
  }
  lines.push('', `Runbook: ${runbookUrl(n.problem, options)}`, `Incident: ${n.incidentKey} (#${n.seq})`);
  return lines.join('\n');
}
