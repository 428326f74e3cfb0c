/** Terminal output helpers for the CLI and the demo: aligned tables and status colours. */
import chalk from 'chalk';

const GREEN = new Set(['RUNNING', 'READY', 'OK', 'SUCCEEDED', 'RESOLVED', 'ENABLED']);
const YELLOW = new Set([
  'DEGRADED',
  'UPDATING',
  'PENDING',
  'EXPIRING',
  'WARNING',
  'DRY-RUN',
  'AWAITING-APPROVAL',
]);
const RED = new Set([
  'SUSPENDED',
  'TERMINATED',
  'TERMINATING',
  'EXPIRED',
  'CRITICAL',
  'FAILED',
  'BLOCKED',
  'DISABLED',
]);

/** Colours a status word by what it means (green healthy, yellow attention, red broken). */
export function colourState(state: string): string {
  const s = state.toUpperCase();
  if (GREEN.has(s)) return chalk.green(state);
  if (YELLOW.has(s)) return chalk.yellow(state);
  if (RED.has(s)) return chalk.red(state);
  return state;
}

// ANSI colour codes do not take room on screen.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '').length;

/** Renders rows as an aligned table with a bold header line. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - visible(c))))
      .join('  ')
      .trimEnd();
  return [chalk.bold(line(headers)), ...rows.map(line)].join('\n');
}

/** `hsm-1a2b3c4d` from a full ARN. */
export function shortArn(arn: string): string {
  const i = arn.lastIndexOf(':');
  return i >= 0 ? arn.slice(i + 1) : arn;
}
