import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { signedCall } from '../../support/emulator';

describe('npm run emulator (src/emulator/main.ts)', () => {
  it('binds 127.0.0.1, prints its URL when ready, serves signed calls and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--simulated-clock', '--page-size', '2'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const res = await signedCall(url, 'ListAvailableZones', {});
      expect(res.status).toBe(200);
      expect(((await fetch(`${url}/_emulator/clock`).then((r) => r.json())) as { clock: string }).clock).toBe(
        'simulated',
      );
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad option with a message naming it and exit code 2', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--page-size', 'zero'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(err).toContain('--page-size');
  });
});
