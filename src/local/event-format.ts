/** One-line, coloured forms of events and alerts for the terminal (demo and `events tail`). */
import chalk from 'chalk';
import type { PublishedEvent } from './local-event-bus';
import type { LocalSnsMessage } from './local-aws';

/** `hsm-1a2b3c4d` from a full ARN. */
export function shortArn(arn: string): string {
  const i = arn.lastIndexOf(':');
  return i >= 0 ? arn.slice(i + 1) : arn;
}

const BAD = /Failed|Removed|Expiring|Stalled|Skipped|Ending/;
const GOOD = /Succeeded|Rotated|Recovered|Discovered/;

/** `time  detail-type  resource state → targets`. */
export function formatEvent(e: PublishedEvent, opts: { time?: boolean } = {}): string {
  const d = e.envelope.detail as {
    resourceArn?: string;
    current?: { Status?: string; State?: string } | null;
    kind?: string;
  } | null;
  const arn = d?.resourceArn ?? e.envelope.resources[0] ?? '';
  const state = d?.current?.Status ?? d?.current?.State;
  const type = e.envelope['detail-type'];
  const paint =
    BAD.test(type) || state === 'DEGRADED' ? chalk.yellow : GOOD.test(type) ? chalk.green : chalk.cyan;
  const when = opts.time === false ? '' : `${chalk.dim(e.envelope.time)} `;
  const to = e.targets.length ? chalk.dim(` → ${e.targets.join(', ')}`) : '';
  return `${when}${paint(type.padEnd(32))} ${shortArn(arn)}${state ? ` ${state}` : ''}${to}`;
}

/** A notification as delivered to the (local) SNS topic: a coloured header and the body. */
export function formatAlert(m: LocalSnsMessage): string {
  const sev = m.attributes['severity'] ?? 'info';
  const kind = m.attributes['kind'] ?? 'message';
  const paint =
    kind === 'resolved'
      ? chalk.bgGreen.black.bold
      : sev === 'critical'
        ? chalk.bgRed.white.bold
        : chalk.bgYellow.black.bold;
  // The body's first line repeats the subject; keep what is wrong, how long it lasted and
  // where the runbook is (the SNS text body is the alerting formatter's own output).
  const lines = m.message.split('\n').filter((l) => l.trim());
  const keep = [
    lines[1],
    lines.find((l) => /^Resolved: .* after /.test(l) || l.startsWith('Open for:')),
    lines.find((l) => l.startsWith('Runbook:')),
  ].filter((l): l is string => l !== undefined);
  const body = keep.map((l) => `      ${chalk.dim(l)}`).join('\n');
  return `    ${paint(` ${kind.toUpperCase()} `)} ${chalk.bold(m.subject ?? '')}${body ? `\n${body}` : ''}`;
}
