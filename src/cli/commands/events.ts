/**
 * `hsmwatch events tail`: the events the local bus carries, as they are emitted. The local
 * runtime appends every envelope to `<state-dir>/events.jsonl`; this follows that file.
 */
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import chalk from 'chalk';
import { loadLocalConfig } from '../../config/local-config';
import { action, CliError } from '../cli-error';
import { formatEvent } from '../../local/event-format';
import type { PublishedEvent } from '../../local/local-event-bus';
import type { GlobalOptions } from '../state';

/** One line of events.jsonl (what the LocalEventBus published). */
export type LoggedEvent = PublishedEvent;

/** Registers `events tail`. */
export function registerEventCommands(program: Command): void {
  const events = program.command('events').description('events on the local bus');
  events
    .command('tail')
    .description('show events as they are emitted by the local runtime (npm start, hsmwatch poll)')
    .option('-n, --lines <n>', 'start with the last n events', '20')
    .option('--no-follow', 'print and exit instead of waiting for new events')
    .option('--json', 'print raw envelopes, one JSON object a line')
    .action(
      action(async (opts: { lines: string; follow: boolean; json?: boolean }, cmd: Command) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (g.table !== undefined)
          throw new CliError('events tail works on local state only (no --table)', 2);
        const n = Number(opts.lines);
        if (!Number.isInteger(n) || n < 0) throw new CliError('--lines: must be a non-negative integer', 2);
        const file = loadLocalConfig(g.stateDir !== undefined ? { stateDir: g.stateDir } : {}).eventsFile;
        const print = (line: string) => {
          if (!line.trim()) return;
          const e = JSON.parse(line) as LoggedEvent;
          process.stdout.write(`${opts.json ? JSON.stringify(e.envelope) : formatEvent(e)}\n`);
        };
        let offset = 0;
        if (existsSync(file)) {
          const { text, end } = readFrom(file, 0);
          const lines = text.split('\n').filter(Boolean);
          (n === 0 ? [] : lines.slice(-n)).forEach(print);
          offset = end;
        } else if (!opts.follow) {
          throw new CliError(`no events yet in ${file}: run \`npm start\` or \`hsmwatch poll --once\``);
        }
        if (!opts.follow) return;
        process.stderr.write(chalk.dim(`following ${file} (Ctrl-C to stop)\n`));
        let partial = '';
        // Poll the file's size rather than fs.watchFile: a line appended before the watcher's
        // first stat would never be reported by it.
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            if (!existsSync(file)) return;
            if (statSync(file).size < offset) offset = 0; // the file was reset by a new run
            const { text, end } = readFrom(file, offset);
            offset = end;
            const lines = (partial + text).split('\n');
            partial = lines.pop() ?? '';
            lines.forEach(print);
          }, 250);
          process.once('SIGINT', () => {
            clearInterval(timer);
            resolve();
          });
        });
      }),
    );
}

function readFrom(file: string, offset: number): { text: string; end: number } {
  const size = statSync(file).size;
  if (size <= offset) return { text: '', end: offset };
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return { text: buf.toString('utf8'), end: size };
  } finally {
    closeSync(fd);
  }
}
