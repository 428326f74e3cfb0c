import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DEFAULT_CREDENTIALS } from '../../src/emulator';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const run = promisify(execFile);

/** The `aws` binaries on this machine, by major version (Debian's `awscli` is v2; pip's is v1). */
async function awsClis(): Promise<[string, string][]> {
  const found = new Map<string, string>();
  for (const bin of ['/usr/bin/aws', 'aws']) {
    try {
      const { stdout, stderr } = await run(bin, ['--version'], { timeout: 20_000 });
      const version = /aws-cli\/(\d+)/.exec(stdout + stderr)?.[1];
      if (version && !found.has(version)) found.set(version, bin);
    } catch {
      // not installed
    }
  }
  return [...found.entries()].map(([v, bin]) => [`v${v}`, bin]);
}

const clis = await awsClis();
// .ci/run installs Debian's awscli (v2), which signs only content-type;host;x-amz-date;x-amz-target
// and sends no payload hash; botocore (v1 and v2) reads only the body's __type. An independent peer.
(clis.length ? describe.each(clis) : describe.skip.each([['none', 'aws']]))(
  'CloudHSM Classic emulator with AWS CLI %s (%s)',
  (_version, bin) => {
    let emu: TestEmulator;
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_MAX_ATTEMPTS: '1',
    };
    const aws = (...args: string[]) =>
      run(bin, ['cloudhsm', ...args, '--endpoint-url', emu.url, '--output', 'json'], {
        env,
        timeout: 30_000,
      });

    beforeAll(async () => {
      emu = await startTestEmulator();
    });
    afterAll(() => emu.stop());

    it('lists and describes seeded HSMs', async () => {
      const { hsmArns } = await emu.admin.seed({ hsms: 2, hapgs: 0, clients: 0 });
      const listed = JSON.parse((await aws('list-hsms')).stdout) as { HsmList: string[] };
      expect([...listed.HsmList].sort()).toEqual([...hsmArns].sort());
      const d = JSON.parse((await aws('describe-hsm', '--hsm-arn', hsmArns[0]!)).stdout) as {
        Status: string;
      };
      expect(d.Status).toBe('RUNNING');
    });

    it('reports InvalidRequestException for an unknown ARN', async () => {
      const err = await aws(
        'delete-hsm',
        '--hsm-arn',
        'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000dead',
      ).catch((e: { stderr: string }) => e);
      expect((err as { stderr: string }).stderr).toMatch(/InvalidRequestException.*not found/);
    });
  },
);
