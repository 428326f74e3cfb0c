/** `hsmwatch poll --once`: one poll of the local emulator fleet, or of a real endpoint. */
import type { Command } from 'commander';
import chalk from 'chalk';
import cliProgress from 'cli-progress';
import { pollLine } from '../../local/demo-story';
import { formatEvent } from '../../local/event-format';
import { action, CliError } from '../cli-error';
import { renderTable } from '../format';
import { withLocalRuntime } from '../local-runtime';
import type { GlobalOptions } from '../state';

const MODES = ['dryRun', 'approve', 'auto'] as const;

/** Registers `poll`. */
export function registerPollCommand(program: Command): void {
  program
    .command('poll')
    .description('poll the fleet once and run the handlers on what changed (local state)')
    .requiredOption(
      '--once',
      'poll once and exit (the only mode; `npm start -- --keep-running` polls forever)',
    )
    .option(
      '--endpoint <url>',
      'a real CloudHSM endpoint (default AWS credentials; dry-run); default: the local emulator',
    )
    .option('--account <id>', 'account id of --endpoint')
    .option('--remediation-mode <mode>', `what remediation may do: ${MODES.join(', ')}`, 'dryRun')
    .option('--json', 'print the poll summary as JSON')
    .action(
      action(
        async (
          opts: { endpoint?: string; account?: string; remediationMode: string; json?: boolean },
          cmd: Command,
        ) => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          if (!(MODES as readonly string[]).includes(opts.remediationMode)) {
            throw new CliError(`--remediation-mode: must be one of ${MODES.join(', ')}`, 2);
          }
          if (opts.endpoint && !/^https?:\/\//.test(opts.endpoint))
            throw new CliError('--endpoint: must be an http(s) URL', 2);
          if (opts.account && !/^\d{12}$/.test(opts.account))
            throw new CliError('--account: must be 12 digits', 2);
          const lines: string[] = [];
          const bar = new cliProgress.SingleBar(
            { format: 'poll |{bar}| {step}', hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(3, 0, { step: 'starting the local runtime' });
          await withLocalRuntime(
            g,
            {
              ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
              ...(opts.account ? { account: opts.account } : {}),
              remediationMode: opts.remediationMode as (typeof MODES)[number],
              write: (l) => lines.push(l),
            },
            async (rt, local) => {
              bar.update(1, { step: `polling ${rt.target.endpoint}` });
              const t0 = Date.now();
              const out = await rt.pollOnce();
              bar.update(3, { step: 'done' });
              bar.stop();
              if (opts.json) {
                process.stdout.write(
                  `${JSON.stringify({ target: rt.target, failed: out.failed, summary: out.completed ?? null, events: out.events.map((e) => ({ detailType: e.envelope['detail-type'], targets: e.targets })) }, null, 2)}\n`,
                );
              } else {
                process.stdout.write(`${pollLine(1, out, Date.now() - t0)}\n`);
                for (const e of out.events) process.stdout.write(`    ${formatEvent(e, { time: false })}\n`);
                for (const l of lines) process.stdout.write(`${l}\n`);
                const counts = (out.completed?.['counts'] ?? {}) as Record<string, Record<string, number>>;
                const rows = Object.entries(counts).flatMap(([family, by]) =>
                  Object.entries(by).map(([s, n]) => [family, s, String(n)]),
                );
                if (rows.length)
                  process.stdout.write(`\n${renderTable(['FAMILY', 'STATUS', 'COUNT'], rows)}\n`);
                process.stdout.write(
                  chalk.dim(`\nstate: ${local.stateDir} (see: hsmwatch status, hsmwatch incidents)\n`),
                );
              }
              if (rt.bus.deadLetters.length) {
                throw new CliError(
                  rt.bus.deadLetters
                    .map((d) => `${d.functionName} failed on ${d.envelope['detail-type']}: ${d.error}`)
                    .join('; '),
                );
              }
              if (out.failed) throw new CliError('the poll failed (see the Poll Failed event above)');
            },
          ).finally(() => bar.stop());
        },
      ),
    );
}
