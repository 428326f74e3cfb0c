import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The demo runs as `npm start` does (tsx src/local/main.ts), in a child process: it owns
// process.env for the handlers, and its last stdout line is the contract.
describe('npm start demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('the scripted story', () => {
    it('plays to the end and prints the counts as the last JSON line', () => {
      // act
      const run = spawnSync('npx', ['tsx', 'src/local/main.ts', '--state-dir', dir], {
        encoding: 'utf8',
        timeout: 90_000,
        env: { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '' },
      });
      // assess
      const lines = run.stdout.trim().split('\n');
      const last = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(Object.keys(last)).toEqual([
        'demo',
        'polls',
        'events',
        'incidentsOpened',
        'incidentsResolved',
        'remediations',
        'rotations',
      ]);
      expect(last).toMatchObject({ demo: 'ok', polls: 7, remediations: 1, rotations: 1 });
      // The HAPG incident and the HSM incident each open once and resolve once.
      expect(last['incidentsOpened']).toBe(2);
      expect(last['incidentsResolved']).toBe(2);
      // One progress line per poll, and a summary table.
      expect(lines.filter((l) => /^\s+poll\s+\d+ ✔/.test(l))).toHaveLength(7);
      expect(run.stdout).toContain('Summary');
      // Every event the bus carried is in the events log, one envelope per line.
      const logged = readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n');
      expect(logged).toHaveLength(last['events'] as number);
      const types = logged.map(
        (l) => (JSON.parse(l) as { envelope: { 'detail-type': string } }).envelope['detail-type'],
      );
      expect(types).toEqual(
        expect.arrayContaining([
          'HAPG State Changed',
          'Remediation Succeeded',
          'Luna Client Certificate Rotated',
        ]),
      );
    }, 120_000);
  });
});
