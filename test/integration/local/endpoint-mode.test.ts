import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CREDENTIALS } from '../../../src/emulator';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous on purpose: the emulator lives in this process and must keep answering.
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/local/main.ts', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start -- --endpoint URL --region R', () => {
  let emulator: TestEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startTestEmulator({ startTime: new Date().toISOString() });
    await emulator.admin.seed({ hsms: 3, hapgs: 1, clients: 1, membersPerHapg: 3 });
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-endpoint-'));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('against an endpoint it does not own', () => {
    it('polls it once with the default credentials, in dry-run, and changes nothing there', async () => {
      // prepare: "default credentials" are whatever the SDK chain finds; here, the environment.
      const before = await emulator.admin.log();
      await emulator.admin.setHsmStatus(
        (await emulator.admin.state()).regions[0]!.hsms[0]!['HsmArn'] as string,
        'DEGRADED',
      );
      const changesBefore = (await emulator.admin.log()).length;
      // act
      const out = await run(
        [
          '--endpoint',
          emulator.url,
          '--region',
          'us-east-1',
          '--account',
          '123456789012',
          '--state-dir',
          dir,
        ],
        {
          ...process.env,
          FORCE_COLOR: '0',
          NODE_OPTIONS: '',
          AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
        },
      );
      // assess
      const lines = out.stdout.trim().split('\n');
      expect({ code: out.code, last: JSON.parse(lines[lines.length - 1]!) }).toMatchObject({
        code: 0,
        last: { demo: 'ok', polls: 1, remediations: 0, rotations: 0 },
      });
      expect(out.stdout).toContain('dry-run');
      const logged = readFileSync(join(dir, 'events.jsonl'), 'utf8');
      expect(logged).toContain('"HSM Discovered"');
      expect(logged).toContain('"Poll Completed"');
      // Nothing it did changed the endpoint's state (the poller only reads; remediation is dry-run).
      expect((await emulator.admin.log()).length).toBe(changesBefore);
      expect(changesBefore).toBeGreaterThan(before.length);
    }, 120_000);
  });
});
