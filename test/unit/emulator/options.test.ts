import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addEmulatorOptions, toEmulatorOptions } from '../../../src/emulator/cli-options';
import { resolveOptions, DEFAULT_CREDENTIALS } from '../../../src/emulator/options';
import { simulatedClock } from '../../../src/emulator/clock';

describe('emulator options', () => {
  describe('resolveOptions', () => {
    it('fills the documented defaults', () => {
      expect(resolveOptions()).toMatchObject({
        port: 0,
        host: '127.0.0.1',
        credentials: [DEFAULT_CREDENTIALS],
        clock: 'real',
        provisioningDelaySeconds: 10,
        partitionsPerHsm: 1,
        pageSize: 50,
        admin: true,
      });
    });
    it.each([
      [{ pageSize: 0 }, /pageSize/],
      [{ partitionsPerHsm: 1.5 }, /partitionsPerHsm/],
      [{ provisioningDelaySeconds: -1 }, /provisioningDelaySeconds/],
      [{ credentials: [{ accessKeyId: 'A', secretAccessKey: 'B', accountId: '12' }] }, /accountId/],
    ])('refuses %j naming the option', (o, re) => {
      expect(() => resolveOptions(o)).toThrow(re);
    });
  });

  describe('addEmulatorOptions / toEmulatorOptions', () => {
    it('parses the command line into EmulatorOptions, credentials file included', () => {
      const dir = mkdtempSync(join(tmpdir(), 'emu-opts-'));
      const file = join(dir, 'creds.json');
      writeFileSync(file, JSON.stringify([DEFAULT_CREDENTIALS]));
      const cmd = addEmulatorOptions(new Command()).exitOverride();
      cmd.parse(
        [
          '--port',
          '4600',
          '--simulated-clock',
          '--page-size',
          '7',
          '--partitions-per-hsm',
          '2',
          '--no-admin',
          '--credentials',
          file,
          '--provisioning-delay',
          '3',
        ],
        { from: 'user' },
      );
      expect(toEmulatorOptions(cmd.opts())).toMatchObject({
        port: 4600,
        clock: 'simulated',
        pageSize: 7,
        partitionsPerHsm: 2,
        admin: false,
        credentials: [DEFAULT_CREDENTIALS],
        provisioningDelaySeconds: 3,
      });
    });
    it('refuses a non-numeric value naming the flag', () => {
      expect(() => toEmulatorOptions({ pageSize: 'many' })).toThrow(/--page-size/);
    });
  });

  describe('simulatedClock', () => {
    it('moves only when advanced and returns to its start on reset', () => {
      const c = simulatedClock('2026-05-01T00:00:00Z');
      const t0 = c.now();
      c.advance(1.5);
      expect(c.now() - t0).toBe(1500);
      expect(() => c.advance(-1)).toThrow(/advanceSeconds/);
      c.reset();
      expect(c.now()).toBe(t0);
    });
  });
});

describe('configured subnets', () => {
  it('refuses a malformed subnet entry naming it', () => {
    expect(() =>
      resolveOptions({
        subnets: [{ subnetId: 'subnet-1', availabilityZone: 'us-east-1a', vpcId: 'vpc-0000000a' }],
      }),
    ).toThrow(/subnets\[0\]\.subnetId/);
  });
});
