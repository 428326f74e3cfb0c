import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildProgram } from '../../../src/cli/main';
import { runCliCaptured } from '../../support/cli';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// The CLI as users run it (`npx hsmwatch` → bin/hsmwatch.js): a real process, real exit code.
function spawnHsmwatch(dir: string, ...args: string[]): Run {
  const run = spawnSync(process.execPath, ['bin/hsmwatch.js', '--state-dir', dir, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// The same commands in-process (runCli), output captured: one process start instead of many.
const hsmwatch = (dir: string, ...args: string[]): Promise<Run> =>
  runCliCaptured('--state-dir', dir, ...args);

function helpOf(path: string[]): string {
  let cmd = buildProgram();
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
  return cmd.helpInformation();
}

describe('hsmwatch CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('--help', () => {
    it.each([
      [
        [],
        ['emulator', 'poll', 'status', 'history', 'incidents', 'silence', 'remediation', 'events', 'report'],
      ],
      [['poll'], ['--once', '--endpoint']],
      [['emulator'], ['--port', '--simulated-clock', '--state-file']],
      [
        ['silence', 'add'],
        ['--arn', '--resource-type', '--tag', '--duration'],
      ],
      [['remediation'], ['plan', 'approve', 'disable', 'enable', 'unblock', 'rotate']],
      [['events', 'tail'], ['--lines']],
      [['report'], ['--out']],
    ])('documents %j', (cmd, words) => {
      const help = helpOf(cmd);
      for (const w of words) expect(help).toContain(w);
    });

    it('runs through the npx launcher with exit code 0', () => {
      const out = spawnHsmwatch(dir, '--help');
      expect(out.status).toBe(0);
      expect(out.stdout).toContain('Usage: hsmwatch');
    });
  });

  describe('bad input', () => {
    it.each([
      [['silence', 'add', '--resource-type', 'hsm', '--reason', 'x'], 'endsAt'],
      [['silence', 'add', '--resource-type', 'nope', '--duration', '1h', '--reason', 'x'], 'resourceType'],
      [['history', 'not-an-arn'], 'arn'],
      [['poll', '--once', '--remediation-mode', 'yolo'], '--remediation-mode'],
      [['remediation', 'approve', 'x'], 'plan-id'],
      [['status', '--table', 't-1'], '--region'],
    ])('refuses %j with exit code 2, naming %s', async (args, field) => {
      const out = await hsmwatch(dir, ...args);
      expect({ status: out.status, stderr: out.stderr }).toEqual({
        status: 2,
        stderr: expect.stringContaining(field),
      });
    });

    it('fails with exit code 1 and a hint when there is nothing to show yet (real process)', () => {
      const fresh = mkdtempSync(join(tmpdir(), 'hsmwatch-cli-empty-'));
      const out = spawnHsmwatch(fresh, 'status');
      rmSync(fresh, { recursive: true, force: true });
      expect(out.status).toBe(1);
      expect(out.stderr).toContain('hsmwatch poll --once');
    });
  });

  describe('on local state', () => {
    it('polls the local emulator fleet, then shows it, silences, plans and reports on it', async () => {
      // poll --once seeds and polls the embedded emulator (state kept in the dir)
      const poll = await hsmwatch(dir, 'poll', '--once');
      expect({ status: poll.status, stderr: poll.stderr }).toEqual({ status: 0, stderr: '' });
      expect(poll.stdout).toMatch(/poll\s+1 ✔ HSM 6 RUNNING/);
      const again = await hsmwatch(dir, 'poll', '--once', '--json');
      expect(JSON.parse(again.stdout)).toMatchObject({
        failed: false,
        events: [{ detailType: 'Poll Completed' }],
      });

      const status = JSON.parse((await hsmwatch(dir, 'status', '--json')).stdout) as {
        records: Array<{ resourceType: string; HapgArn?: string; HsmArn?: string }>;
      };
      expect(status.records.filter((r) => r.resourceType === 'hsm')).toHaveLength(6);
      const table = await hsmwatch(dir, 'status');
      expect(table.stdout).toContain('HSMs (6) by status and AZ');
      const hsmArn = status.records.find((r) => r.resourceType === 'hsm')!.HsmArn!;
      const history = JSON.parse((await hsmwatch(dir, 'history', hsmArn, '--json')).stdout) as Array<{
        detailTypes: string[];
      }>;
      expect(history[0]!.detailTypes).toContain('HSM Discovered');

      const added = JSON.parse(
        (
          await hsmwatch(
            dir,
            'silence',
            'add',
            '--arn',
            hsmArn,
            '--duration',
            '2h',
            '--reason',
            'patching',
            '--json',
          )
        ).stdout,
      ) as { id: string };
      expect((await hsmwatch(dir, 'silence', 'list')).stdout).toContain(added.id);
      expect((await hsmwatch(dir, 'silence', 'remove', added.id)).status).toBe(0);
      expect((await hsmwatch(dir, 'silence', 'remove', added.id)).status).toBe(1);

      const hapgArn = status.records.find((r) => r.resourceType === 'hapg')!.HapgArn!;
      const plan = await hsmwatch(dir, 'remediation', 'plan', hapgArn);
      expect(plan.status).toBe(0);
      expect(plan.stdout).toContain('min-members');
      expect((await hsmwatch(dir, 'remediation', 'disable', '--reason', 'test')).stdout).toContain(
        'disabled',
      );
      expect(JSON.parse((await hsmwatch(dir, 'remediation', 'status', '--json')).stdout)).toMatchObject({
        killSwitch: { enabled: false },
      });
      expect((await hsmwatch(dir, 'remediation', 'enable')).status).toBe(0);

      const tail = await hsmwatch(dir, 'events', 'tail', '--no-follow', '-n', '3');
      expect(tail.stdout.trim().split('\n')).toHaveLength(3);
      expect(tail.stdout).toContain('Poll Completed');

      const file = join(dir, 'fleet.html');
      const report = await hsmwatch(dir, 'report', '--out', file);
      expect(report.status).toBe(0);
      expect(existsSync(file)).toBe(true);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('id="membership-table"');
      // Self-contained: no external scripts, styles, images or fonts.
      expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    }, 120_000);
  });
});
