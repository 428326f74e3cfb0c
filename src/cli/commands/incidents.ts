/** `hsmwatch incidents` and `hsmwatch silence add|list|remove` (alerting's use cases). */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { listIncidents } from '../../usecases/notify/list-incidents';
import { addSilence, describeMatcher, listSilences, removeSilence } from '../../usecases/silences';
import { action, CliError } from '../cli-error';
import { colourState, renderTable, shortArn } from '../format';
import { withState, type GlobalOptions } from '../state';

/** Registers `incidents` and `silence`. */
export function registerIncidentCommands(program: Command): void {
  program
    .command('incidents')
    .description('list incidents (pending and open by default)')
    .option('--all', 'include resolved and cleared incidents')
    .option('--json', 'print incidents as JSON')
    .action(
      action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const list = await listIncidents({ incidents: state.incidents }, { all: !!opts.all });
          if (opts.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          if (!list.length) return void process.stdout.write(`no ${opts.all ? '' : 'open '}incidents\n`);
          const rows = list.map((i) => [
            colourState(i.severity.toUpperCase()),
            i.status,
            i.problem,
            shortArn(i.resourceArn),
            i.openedAt ?? i.startedAt,
            i.summary,
          ]);
          process.stdout.write(
            `${renderTable(['SEVERITY', 'STATUS', 'PROBLEM', 'RESOURCE', 'SINCE', 'SUMMARY'], rows)}\n`,
          );
        });
      }),
    );

  const silence = program.command('silence').description('mute incidents by ARN, resource type or tag');
  silence
    .command('add')
    .description('add a silence (exactly one of --arn, --resource-type, --tag; and --duration or --ends-at)')
    .option('--arn <arn>', 'silence one resource')
    .option('--resource-type <type>', 'silence a resource type: hsm, hapg, luna-client or target')
    .option('--tag <key=value>', 'silence resources carrying this tag')
    .option('--duration <d>', 'how long, e.g. 90m, 2h, 1d')
    .option('--starts-at <iso>', 'start (default now)')
    .option('--ends-at <iso>', 'end instant')
    .requiredOption('--reason <text>', 'why (shown to operators)')
    .option('--created-by <name>', 'who (default: your user name)')
    .option('--json', 'print the silence as JSON')
    .action(
      action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
        const input: Record<string, unknown> = {
          createdBy: opts['createdBy'] ?? userInfo().username,
          reason: opts['reason'],
        };
        for (const k of ['arn', 'resourceType', 'tag', 'duration', 'startsAt', 'endsAt'] as const) {
          if (opts[k] !== undefined) input[k] = opts[k];
        }
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const s = await addSilence(
            { silences: state.silences, now: () => new Date(), newId: randomUUID },
            input,
          );
          if (opts['json']) return void process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
          process.stdout.write(`silence ${s.id} added: ${describeMatcher(s.matcher)} until ${s.endsAt}\n`);
        });
      }),
    );
  silence
    .command('list')
    .description('list active and future silences')
    .option('--all', 'include expired silences')
    .option('--json', 'print silences as JSON')
    .action(
      action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const list = await listSilences(
            { silences: state.silences, now: () => new Date(), newId: randomUUID },
            { all: !!opts.all },
          );
          if (opts.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          if (!list.length) return void process.stdout.write('no silences\n');
          const rows = list.map((s) => [
            s.id,
            describeMatcher(s.matcher),
            s.startsAt,
            s.endsAt,
            s.createdBy,
            s.reason,
          ]);
          process.stdout.write(`${renderTable(['ID', 'MATCHES', 'STARTS', 'ENDS', 'BY', 'REASON'], rows)}\n`);
        });
      }),
    );
  silence
    .command('remove')
    .description('remove a silence')
    .argument('<id>', 'silence id (from `silence list`)')
    .action(
      action(async (id: string, _opts: unknown, cmd: Command) => {
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const removed = await removeSilence(
            { silences: state.silences, now: () => new Date(), newId: randomUUID },
            id,
          );
          if (!removed) throw new CliError(`no silence with id ${id}`);
          process.stdout.write(`silence ${id} removed\n`);
        });
      }),
    );
}
