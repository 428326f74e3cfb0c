/** `hsmwatch report --out fleet.html`: the self-contained fleet report. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { DynamoRemediationStore } from '../../adapters/dynamo/remediation-store';
import { collectReport } from '../../report/collect-report';
import { renderReport } from '../../report/render-report';
import { action, CliError } from '../cli-error';
import { withState, type GlobalOptions } from '../state';

/** Registers `report`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write one self-contained HTML fleet report (no network assets)')
    .requiredOption('-o, --out <file>', 'where to write the HTML file')
    .option('--title <text>', 'page title')
    .action(
      action(async (opts: { out: string; title?: string }, cmd: Command) => {
        if (!opts.out.trim()) throw new CliError('--out: must name a file', 2);
        await withState(cmd.optsWithGlobals<GlobalOptions>(), async (state) => {
          const bar = new cliProgress.SingleBar(
            { format: 'report |{bar}| {value}/{total} {step}', hideCursor: true, noTTYOutput: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(3, 0, { step: 'reading the fleet' });
          const plans = new DynamoRemediationStore({ doc: state.doc, tableName: state.tableName });
          const input = await collectReport(
            { resources: state.resources, incidents: state.incidents, plans },
            { now: new Date(), source: state.description },
          );
          bar.update(2, { step: 'rendering' });
          const html = renderReport(opts.title ? { ...input, title: opts.title } : input);
          const file = resolve(opts.out);
          writeFileSync(file, html);
          bar.update(3, { step: 'done' });
          bar.stop();
          process.stdout.write(
            `wrote ${file} (${Math.round(html.length / 1024)} KB): ${input.records.length} resources, ${input.incidents.length} open incidents, ${input.remediations.length} remediations\n`,
          );
        });
      }),
    );
}
