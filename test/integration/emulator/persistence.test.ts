import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startEmulator } from '../../../src/emulator';
import { EmulatorAdminClient } from '../../../src/emulator/admin-client';
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

  it('leaves a complete state file when the process is killed (SIGKILL) in the middle of writing', async () => {
    const stateFile = join(dir, 'state.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--state-file', stateFile],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const admin = new EmulatorAdminClient(url);
      // Keep the writer busy (each seed changes state; writes happen every ~50 ms), then kill mid-stream.
      const busy = (async () => {
        for (let i = 0; i < 200; i++) await admin.seed({ hsms: 20, hapgs: 5, clients: 0 });
      })().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 700));
      child.kill('SIGKILL');
      await once(child, 'exit');
      await busy;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const snap = JSON.parse(readFileSync(stateFile, 'utf8')) as { regions: { hsms: unknown[] }[] };
    expect(snap.regions[0]!.hsms.length).toBeGreaterThan(0);
    expect(snap.regions[0]!.hsms.length % 20).toBe(0);
    const restarted = await startEmulator({ port: 0, stateFile });
    await restarted.stop();
    expect(readdirSync(dir)).toEqual(['state.json']); // a temporary left by the kill is cleaned up
  });
});
