/** `hsmwatch status` and `hsmwatch history <arn>`: the fleet as stored, and one resource's timeline. */
import type { Command } from 'commander';
import chalk from 'chalk';
import type { HapgRecord, HsmRecord, LunaClientRecord, ResourceRecord } from '../../monitor/records';
import { countBy, daysToExpiry, membershipByAz, stateOf } from '../../report/report-model';
import { action, CliError } from '../cli-error';
import { colourState, renderTable, shortArn } from '../format';
import { withState, type GlobalOptions } from '../state';

/** Registers `status` and `history`. */
export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description('print the fleet: HSMs by status and AZ, HAPG health and members, client certificate expiry')
    .option('--json', 'print the stored records as JSON')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const targets = await state.resources.targets();
          const records = (await Promise.all(targets.map((t) => state.resources.currentRecords(t)))).flat();
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ targets, records }, null, 2)}\n`);
            return;
          }
          if (!records.length) {
            throw new CliError(`no fleet in ${state.description} yet: run \`hsmwatch poll --once\` first`);
          }
          const runs = await Promise.all(targets.map((t) => state.resources.pollRuns(t, { limit: 1 })));
          process.stdout.write(`${chalk.bold('hsmwatch status')} — ${state.description}\n`);
          targets.forEach((t, i) => {
            const run = runs[i]?.[0];
            const last = run
              ? `last poll ${run.finishedAt} ${colourState(run.status.toUpperCase())}`
              : 'never polled';
            process.stdout.write(
              `  target ${t.accountId} ${t.region}${t.endpoint ? ` (${t.endpoint})` : ''}: ${last}\n`,
            );
          });
          process.stdout.write(`\n${renderFleet(records, new Date())}\n`);
        });
      }),
    );

  program
    .command('history')
    .description("show a resource's timeline of changes")
    .argument('<arn>', 'HSM, HAPG or Luna client ARN')
    .option('-n, --limit <n>', 'at most this many entries', '50')
    .option('--json', 'print the history entries as JSON')
    .action(
      action(async (arn: string, opts: { limit: string; json?: boolean }, cmd: Command) => {
        if (!/^arn:aws[a-z-]*:cloudhsm:/.test(arn)) throw new CliError(`arn: not a CloudHSM ARN: ${arn}`, 2);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CliError('--limit: must be a positive integer', 2);
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const entries = [...(await state.resources.history(arn, { limit }))].sort((a, b) =>
            a.observedAt.localeCompare(b.observedAt),
          );
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
            return;
          }
          if (!entries.length) throw new CliError(`no history for ${arn} in ${state.description}`);
          const rows = entries.map((e) => [
            e.observedAt,
            `v${e.version}`,
            e.record ? colourState(stateOf(e.record)) : chalk.red('REMOVED'),
            e.detailTypes.join(', '),
            e.changedFields.join(', '),
          ]);
          process.stdout.write(
            `${renderTable(['OBSERVED', 'VERSION', 'STATE', 'EVENTS', 'CHANGED FIELDS'], rows)}\n`,
          );
        });
      }),
    );
}

/** The status tables (shared with the demo's summary). */
export function renderFleet(records: readonly ResourceRecord[], now: Date): string {
  const hsms = records.filter((r): r is HsmRecord => r.resourceType === 'hsm');
  const hapgs = records.filter((r): r is HapgRecord => r.resourceType === 'hapg');
  const clients = records.filter((r): r is LunaClientRecord => r.resourceType === 'luna-client');
  const azs = [...new Set(hsms.map((h) => h.AvailabilityZone ?? '?'))].sort();
  const out: string[] = [];
  out.push(chalk.bold.underline(`HSMs (${hsms.length}) by status and AZ`));
  out.push(
    renderTable(
      ['STATUS', ...azs, 'TOTAL'],
      countBy(hsms, (h) => h.Status).map(([s, n]) => [
        colourState(s),
        ...azs.map((az) =>
          String(hsms.filter((h) => h.Status === s && (h.AvailabilityZone ?? '?') === az).length),
        ),
        String(n),
      ]),
    ),
  );
  out.push('', chalk.bold.underline(`HAPGs (${hapgs.length})`));
  out.push(
    renderTable(
      ['HAPG', 'LABEL', 'STATE', 'MEMBERS BY AZ'],
      hapgs.map((g) => [
        shortArn(g.HapgArn),
        g.Label ?? '',
        colourState(g.State),
        [...membershipByAz(g, hsms).entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(
            ([az, ms]) =>
              `${az}: ${ms.map((m) => (m.hsm ? `${shortArn(m.hsm.HsmArn)} ${colourState(m.hsm.Status)}` : chalk.red(`partition ${m.serial} missing`))).join(', ')}`,
          )
          .join('; '),
      ]),
    ),
  );
  out.push('', chalk.bold.underline(`Luna clients (${clients.length})`));
  out.push(
    renderTable(
      ['CLIENT', 'LABEL', 'CERT NOT AFTER', 'DAYS LEFT'],
      clients.map((c) => {
        const days = daysToExpiry(c, now);
        const left =
          days === undefined
            ? '?'
            : days < 0
              ? chalk.red(`expired`)
              : days <= 30
                ? chalk.yellow(String(days))
                : String(days);
        return [shortArn(c.ClientArn), c.Label ?? '', c.Certificate?.notAfter ?? 'unparsed', left];
      }),
    ),
  );
  return out.join('\n');
}
