import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../../src/emulator';
import { signedCall, startTestEmulator } from '../../support/emulator';

describe('emulator persistence (--state-file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-emu-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the same state, log, clock and pending transitions after a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startTestEmulator({ stateFile, persistDebounceMs: 10_000 });
    const s = await first.admin.seed({ hsms: 3, hapgs: 1, clients: 1 });
    await signedCall(first.url, 'AddTagsToResource', {
      ResourceArn: s.hsmArns[0],
      TagList: [{ Key: 'k', Value: 'v' }],
    });
    const { HsmArn } = (
      await signedCall(first.url, 'CreateHsm', {
        SubnetId: 'subnet-0a0b0c01',
        SshKey: 'ssh-rsa A',
        IamRoleArn: 'arn:aws:iam::123456789012:role/R',
        SubscriptionType: 'PRODUCTION',
      })
    ).json as { HsmArn: string };
    await first.admin.advanceClock(3);
    const state = await first.admin.state();
    const log = await first.admin.log();
    const page = (await signedCall(first.url, 'ListHsms', {})).json;
    await first.stop(); // the debounce is long: stop() must still write the last change

    const second = await startTestEmulator({ stateFile });
    try {
      expect(await second.admin.state()).toEqual(state);
      expect(await second.admin.log()).toEqual(log);
      expect((await signedCall(second.url, 'ListHsms', {})).json).toEqual(page);
      await second.admin.advanceClock(7);
      expect((await signedCall(second.url, 'DescribeHsm', { HsmArn })).json.Status).toBe('RUNNING');
      const created = (await signedCall(second.url, 'CreateHapg', { Label: 'after' })).json.HapgArn as string;
      expect(state.regions[0]!.hapgs.map((g) => g.HapgArn)).not.toContain(created);
    } finally {
      await second.stop();
    }
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('writes atomically: the file is always complete JSON and no temporary file is left', async () => {
    const stateFile = join(dir, 'state.json');
    const emu = await startTestEmulator({ stateFile, persistDebounceMs: 0 });
    try {
      for (let i = 0; i < 20; i++) {
        await signedCall(emu.url, 'CreateHapg', { Label: `g${i}` });
        await new Promise((r) => setImmediate(r));
        const names = readdirSync(dir);
        if (names.includes('state.json'))
          expect(() => JSON.parse(readFileSync(stateFile, 'utf8'))).not.toThrow();
      }
    } finally {
      await emu.stop();
    }
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).regions[0].hapgs).toHaveLength(20);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('refuses to start on a corrupt state file, naming it, and leaves the file alone', async () => {
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, '{"version":1,');
    await expect(startEmulator({ port: 0, stateFile })).rejects.toThrow(/state\.json/);
    expect(readFileSync(stateFile, 'utf8')).toBe('{"version":1,');
  });
});
