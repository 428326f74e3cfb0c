import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';

const line = (type: string, targets: string[] = []) =>
  `${JSON.stringify({
    envelope: {
      version: '0',
      id: type,
      'detail-type': type,
      source: 'hsmwatch',
      account: '123456789012',
      time: '2026-01-01T00:00:00.000Z',
      region: 'us-east-1',
      resources: ['arn:aws:cloudhsm:us-east-1:123456789012:hapg-1a2b3c4d'],
      detail: { resourceArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-1a2b3c4d' },
    },
    targets,
  })}\n`;

describe('hsmwatch events tail', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-tail-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('following the local event log', () => {
    it('prints the last n events, then each new one as it is appended, until Ctrl-C', async () => {
      // prepare
      const file = join(dir, 'events.jsonl');
      writeFileSync(file, line('HSM Discovered') + line('Poll Completed', ['notify']));
      const out: string[] = [];
      const { write } = process.stdout;
      const { write: errWrite } = process.stderr;
      process.stdout.write = ((c: unknown) => out.push(String(c)) > 0) as typeof process.stdout.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        // act
        const running = runCli(['node', 'hsmwatch', '--state-dir', dir, 'events', 'tail', '-n', '1']);
        const until = async (pred: () => boolean) => {
          for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
        };
        await until(() => out.length >= 1);
        appendFileSync(file, line('HAPG State Changed', ['remediate']));
        await until(() => out.join('').includes('HAPG State Changed'));
        process.emit('SIGINT');
        await running;
      } finally {
        process.stdout.write = write;
        process.stderr.write = errWrite;
      }
      // assess
      const text = out.join('');
      expect(text).not.toContain('HSM Discovered');
      expect(text).toMatch(/Poll Completed\s+hapg-1a2b3c4d → notify/);
      expect(text).toMatch(/HAPG State Changed\s+hapg-1a2b3c4d → remediate/);
    }, 30_000);
  });
});
