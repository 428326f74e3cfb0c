/** How CLI commands fail: a clear one-line message on stderr and a non-zero exit code. */
import chalk from 'chalk';

/** A failure the user can act on (bad input, missing state). `exitCode` 2 means bad usage. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Error names that are the user's input being refused (validation), exit code 2. */
const USAGE_ERRORS = new Set([
  'SilenceValidationError',
  'ZodError',
  'LocalConfigError',
  'ClientValidationError',
  'RemediationValidationError',
  'InvalidRequestException',
]);

/** Wraps a command action: prints errors as `hsmwatch: <message>` and sets the exit code. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(`${chalk.red('hsmwatch:')} ${e.message}\n`);
      if (process.env['HSMWATCH_DEBUG'] && e.stack) process.stderr.write(`${e.stack}\n`);
      process.exitCode = e instanceof CliError ? e.exitCode : USAGE_ERRORS.has(e.name) ? 2 : 1;
    }
  };
}
