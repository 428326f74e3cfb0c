/**
 * Terminal sink for the local demo: one coloured, readable block per message (chalk honours
 * NO_COLOR/FORCE_COLOR, so piping to a file gives plain text).
 */
import chalk from 'chalk';
import {
  formatDuration,
  problemTitle,
  resourceName,
  runbookUrl,
  type FormatOptions,
} from '../../monitor/incidents/format';
import type { Notifier } from '../../monitor/incidents/ports';
import { digestText, type Digest, type DigestNotifier } from '../../monitor/incidents/digest';
import type { Notification } from '../../monitor/incidents/types';

/** Options of the console sink. */
export interface ConsoleNotifierOptions extends FormatOptions {
  /** Where blocks go. Default: process.stdout. */
  readonly write?: (text: string) => void;
}

const PAINT = {
  critical: chalk.bgRed.white.bold,
  warning: chalk.bgYellow.black.bold,
  info: chalk.bgBlue.white.bold,
} as const;

/** Prints notifications as blocks. */
export class ConsoleNotifier implements Notifier, DigestNotifier {
  readonly name = 'console';
  private readonly write: (text: string) => void;

  constructor(private readonly options: ConsoleNotifierOptions) {
    this.write = options.write ?? ((t) => process.stdout.write(t));
  }

  async send(n: Notification): Promise<void> {
    this.write(consoleBlock(n, this.options));
  }

  async sendDigest(d: Digest): Promise<void> {
    this.write(`${chalk.dim('─'.repeat(72))}\n${chalk.bold(digestText(d))}\n`);
  }
}

/** The text block for one notification. */
export function consoleBlock(n: Notification, options: FormatOptions): string {
  const badge =
    n.kind === 'resolved'
      ? chalk.bgGreen.black.bold(' RESOLVED ')
      : PAINT[n.severity](` ${n.severity.toUpperCase()} `);
  const kind =
    n.kind === 'opened'
      ? chalk.bold('opened')
      : n.kind === 'reminder'
        ? chalk.yellow('still open')
        : chalk.green('resolved');
  const rule = chalk.dim('─'.repeat(72));
  const lines = [
    rule,
    `${badge} ${kind} ${chalk.bold(problemTitle(n.problem))} ${chalk.cyan(resourceName(n.resourceArn))}`,
    `  ${n.summary}`,
    chalk.dim(`  status ${n.state} · account ${n.accountId} · region ${n.region} · since ${n.since}`),
  ];
  if (n.kind === 'resolved' && n.durationSeconds !== undefined)
    lines.push(chalk.green(`  resolved after ${formatDuration(n.durationSeconds)}`));
  for (const m of n.affected)
    lines.push(
      `  ${chalk.dim('•')} ${resourceName(m.arn)} ${m.status}${m.inhibited ? chalk.dim(' (expected/silenced)') : ''}`,
    );
  lines.push(chalk.dim(`  runbook ${runbookUrl(n.problem, options)}`), rule, '');
  return lines.join('\n');
}
