/**
 * `npm start`: the whole of hsmwatch on this machine, no AWS and no network. Plays the scripted
 * story against the embedded emulator (remediation in `auto`), prints a progress line per poll
 * and a summary table, and ends with one JSON line of counts.
 *   npm start -- --keep-running              keep polling until Ctrl-C
 *   npm start -- --endpoint URL --region R   monitor a real endpoint (default credentials, dry-run)
 *   npm start -- --state-dir .hsmwatch       keep the demo's table for `hsmwatch status`/`report`
 */
import { rmSync } from 'node:fs';
import { Command, Option } from 'commander';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import chalk from 'chalk';
import { loadLocalConfig } from '../config/local-config';
import { renderTable } from '../cli/format';
import { echoEvents, playDemoStory, pollLine, type DemoCounts } from './demo-story';
import { formatAlert } from './event-format';
import { quietPowertoolsNoise } from './quiet-stderr';
import { startLocalRuntime, DEMO_FLEET, type LocalRuntime } from './runtime';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

interface DemoOptions {
  keepRunning?: boolean;
  endpoint?: string;
  region: string;
  account?: string;
  stateDir?: string;
  interval: string;
  verbose?: boolean;
}

const INTERESTING =
  /Status Changed|State Changed|Action Failed|Membership|Stalled|Expiring|Certificate Changed|Remediation|Rotated|Poll Failed|Poll Recovered|Removed/;

async function main(): Promise<number> {
  const cmd = new Command('npm start')
    .description('hsmwatch on one machine: emulator + dynalite + the real handlers, playing a scripted story')
    .option('--keep-running', 'after the story, keep polling until Ctrl-C')
    .option(
      '--endpoint <url>',
      'monitor this real CloudHSM endpoint instead (default AWS credentials, dry-run)',
    )
    .addOption(new Option('--region <region>', 'region of --endpoint').default('us-east-1'))
    .option('--account <id>', 'account id of --endpoint (default: from STS GetCallerIdentity)')
    .option(
      '--state-dir <dir>',
      'keep the table and events here (then: npx hsmwatch --state-dir <dir> status)',
    )
    .option('--interval <seconds>', 'seconds between polls with --keep-running', '10')
    .option('--verbose', 'show the handlers’ logs')
    .parse(process.argv);
  const o = cmd.opts<DemoOptions>();
  const interval = Number(o.interval);
  if (!Number.isFinite(interval) || interval < 1)
    throw new Error('--interval must be a number of seconds ≥ 1');
  if (o.account !== undefined && !/^\d{12}$/.test(o.account)) throw new Error('--account must be 12 digits');
  if (o.endpoint && !/^https?:\/\//.test(o.endpoint)) throw new Error('--endpoint must be an http(s) URL');
  if (o.endpoint && o.account === undefined) o.account = await callerAccount(o.region);
  const local = loadLocalConfig(o.stateDir !== undefined ? { stateDir: o.stateDir } : {});
  if (o.stateDir !== undefined) {
    // A fresh story each time: forget the previous run's table and fleet.
    rmSync(local.dbPath, { recursive: true, force: true });
    rmSync(local.emulatorStateFile, { force: true });
  }
  if (!o.verbose) quietPowertoolsNoise();
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const counts: DemoCounts = {
    polls: 0,
    events: 0,
    incidentsOpened: 0,
    incidentsResolved: 0,
    remediations: 0,
    rotations: 0,
  };
  const started = Date.now();
  write(
    chalk.bold('hsmwatch — local run') +
      chalk.dim('  (emulator + dynalite + the real handlers, wired by serverless.yml)'),
  );
  const rt = await startLocalRuntime({
    ...(o.endpoint
      ? { endpoint: o.endpoint, region: o.region, ...(o.account ? { accountId: o.account } : {}) }
      : {}),
    remediationMode: 'auto',
    eventsFile: local.eventsFile,
    resetEvents: true,
    ...(o.stateDir !== undefined ? { dbPath: local.dbPath } : {}),
    ...(process.env['SLACK_WEBHOOK_URL'] ? { slackWebhookUrl: process.env['SLACK_WEBHOOK_URL'] } : {}),
    ...(o.verbose ? { logLevel: 'INFO' } : {}),
    onAlert: (m) => {
      const kind = m.attributes['kind'];
      if (kind === 'opened') counts.incidentsOpened++;
      if (kind === 'resolved') counts.incidentsResolved++;
      write(formatAlert(m));
    },
  });
  const stopEcho = echoEvents(rt, write, (t) => INTERESTING.test(t));
  const problems: string[] = [];
  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
  });
  try {
    if (o.endpoint) {
      write(`monitoring ${o.endpoint} (${o.region}) in dry-run; events in ${local.eventsFile}`);
      await pollAndPrint(rt, counts, write, problems);
    } else {
      write(
        chalk.dim(
          `emulator ${rt.target.endpoint}: ${DEMO_FLEET.hsms} HSMs across 3 AZs, ${DEMO_FLEET.hapgs} HAPGs, ${DEMO_FLEET.clients} clients; remediation mode auto; events → ${local.eventsFile}`,
        ),
      );
      const result = await playDemoStory(rt, write, counts);
      problems.push(...result.problems);
    }
    if (o.keepRunning) {
      write(chalk.dim(`\nkeep-running: polling every ${interval} s, Ctrl-C to stop`));
      while (!stopping) {
        await new Promise((r) => setTimeout(r, interval * 1000));
        if (!stopping) await pollAndPrint(rt, counts, write, problems);
      }
    }
    tally(rt, counts);
    write(`\n${summary(rt, counts, Date.now() - started, problems)}`);
  } finally {
    stopEcho();
    await rt.stop();
  }
  const ok = problems.length === 0;
  write(JSON.stringify({ demo: ok ? 'ok' : 'failed', ...counts }));
  return ok ? 0 : 1;
}

/** The account of the default credentials; `000000000000` when STS cannot say (printed). */
async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  try {
    const id = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(5000) });
    return id.Account ?? '000000000000';
  } catch (err) {
    process.stderr.write(
      `npm start: could not ask STS for the account (${(err as Error).name}); using 000000000000, pass --account\n`,
    );
    return '000000000000';
  } finally {
    sts.destroy();
  }
}

async function pollAndPrint(
  rt: LocalRuntime,
  counts: DemoCounts,
  write: (l: string) => void,
  problems: string[],
) {
  const t0 = Date.now();
  const out = await rt.pollOnce();
  counts.polls++;
  write(pollLine(counts.polls, out, Date.now() - t0));
  if (out.failed) problems.push(`poll ${counts.polls} failed`);
}

function tally(rt: LocalRuntime, counts: DemoCounts): void {
  const published = rt.bus.published.map((e) => e.envelope);
  counts.events = published.length;
  counts.rotations = published.filter((e) => e['detail-type'] === 'Luna Client Certificate Rotated').length;
  counts.remediations = published.filter(
    (e) =>
      e['detail-type'] === 'Remediation Succeeded' && (e.detail as { kind?: string }).kind === 'hapg-repair',
  ).length;
}

function summary(rt: LocalRuntime, c: DemoCounts, ms: number, problems: string[]): string {
  const byType = new Map<string, number>();
  for (const e of rt.bus.published)
    byType.set(e.envelope['detail-type'], (byType.get(e.envelope['detail-type']) ?? 0) + 1);
  const rows: string[][] = [
    ['polls', String(c.polls)],
    ['events published', `${c.events} (${[...byType.entries()].map(([t, n]) => `${t} ${n}`).join(', ')})`],
    ['handler deliveries', `${rt.bus.deliveredCount} ok, ${rt.bus.deadLetters.length} dead-lettered`],
    ['incidents opened / resolved', `${c.incidentsOpened} / ${c.incidentsResolved}`],
    ['HAPG remediations', String(c.remediations)],
    ['certificate rotations', String(c.rotations)],
    ['wall time', `${(ms / 1000).toFixed(1)} s`],
  ];
  const verdict = problems.length
    ? chalk.red(`\n${problems.map((p) => `✘ ${p}`).join('\n')}`)
    : chalk.green('\n✔ the story went as scripted');
  return `${chalk.bold('Summary')}\n${renderTable(['WHAT', 'COUNT'], rows)}${verdict}`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${chalk.red('npm start:')} ${(err as Error).message}\n`);
    if (process.env['HSMWATCH_DEBUG']) process.stderr.write(`${(err as Error).stack}\n`);
    process.stdout.write(`${JSON.stringify({ demo: 'failed', error: (err as Error).message })}\n`);
    process.exitCode = 1;
  },
);
