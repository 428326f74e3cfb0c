/** Test helper: runs the hsmwatch CLI in-process with stdout/stderr captured. */
import { runCli } from '../../src/cli/main';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `hsmwatch <args>` through runCli and returns its exit status and captured output. */
export async function runCliCaptured(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const { write: stdout } = process.stdout;
  const { write: stderr } = process.stderr;
  process.stdout.write = ((c: unknown) => out.push(String(c)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((c: unknown) => err.push(String(c)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await runCli(['node', 'hsmwatch', ...args]);
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout: out.join(''), stderr: err.join('') };
}
