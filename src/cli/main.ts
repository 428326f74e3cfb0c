/**
 * The hsmwatch command line (`npx hsmwatch …`, `npm run hsmwatch -- …`). Every command works on
 * local state (`.hsmwatch/`) by default, or on the deployed table with `--table` and `--region`.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { registerEmulatorCommand } from './commands/emulator';
import { registerEventCommands } from './commands/events';
import { registerIncidentCommands } from './commands/incidents';
import { registerPollCommand } from './commands/poll';
import { registerRemediationCommands } from './commands/remediation';
import { registerReportCommand } from './commands/report';
import { registerStatusCommands } from './commands/status';

// The SDK warns on Node < 22 on every first client; one line in the README says it instead.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** Builds the program (exported for tests and --help snapshots). */
export function buildProgram(): Command {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const program = new Command('hsmwatch')
    .description('Fleet monitoring, alerting and safe remediation for AWS CloudHSM Classic')
    .version(pkg.version)
    .addOption(
      new Option('--state-dir <dir>', 'local state directory (default .hsmwatch, or $HSMWATCH_HOME)'),
    )
    .addOption(new Option('--table <name>', 'use the deployed DynamoDB table instead of local state'))
    .addOption(new Option('--region <region>', 'AWS region of --table (and of poll targets)'))
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError();
  registerEmulatorCommand(program);
  registerPollCommand(program);
  registerStatusCommands(program);
  registerIncidentCommands(program);
  registerRemediationCommands(program);
  registerEventCommands(program);
  registerReportCommand(program);
  return program;
}

/** Runs the CLI with `argv` (process.argv form). */
export async function runCli(argv: readonly string[]): Promise<void> {
  // `hsmwatch status | head`: a closed pipe ends the command quietly, as for any Unix tool.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  await buildProgram().parseAsync([...argv]);
}

// Run when executed directly (tsx src/cli/main.ts); bin/hsmwatch.js and tests call runCli.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runCli(process.argv);
}
