import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/runtime';
import type { LocalSnsMessage } from '../../../src/local/local-aws';

describe('startLocalRuntime', () => {
  let rt: LocalRuntime;
  let dir: string;
  const alerts: LocalSnsMessage[] = [];
  const previousMode = process.env['HSMWATCH_REMEDIATION_MODE'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-runtime-'));
    rt = await startLocalRuntime({
      remediationMode: 'dryRun',
      eventsFile: join(dir, 'events.jsonl'),
      onAlert: (m) => void alerts.push(m),
    });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('in dry-run', () => {
    it('runs the real handlers on a degradation, plans a repair and changes nothing on the emulator', async () => {
      // prepare: the fleet is known
      const first = await rt.pollOnce();
      expect(first.failed).toBe(false);
      expect(first.events.filter((e) => e.envelope['detail-type'] === 'HSM Discovered')).toHaveLength(6);
      const state = await rt.admin!.state();
      const hapg = state.regions[0]!.hapgs[0]!;
      const serial = (hapg['PartitionSerialList'] as string[])[0]!;
      const victim = state.regions[0]!.hsms.find((h) =>
        (h['Partitions'] as string[]).some((p) => p.endsWith(`-${serial}`)),
      )!;
      // act
      await rt.admin!.setHsmStatus(victim['HsmArn'] as string, 'DEGRADED');
      const seq = (await rt.admin!.log()).length;
      const second = await rt.pollOnce();
      // assess: routed by serverless.yml's rules to the real handlers
      const routed = second.events.map((e) => `${e.envelope['detail-type']}→${e.targets.join('+') || '-'}`);
      expect(routed).toEqual(
        expect.arrayContaining([
          'HSM Status Changed→notify',
          'HAPG State Changed→remediate',
          'Remediation Planned→-',
          'Poll Completed→notify',
        ]),
      );
      expect(routed).not.toContain('Remediation Started→-');
      // dry-run: the emulator saw no ModifyHapg (its state-change log did not grow)
      expect((await rt.admin!.log()).length).toBe(seq);
      // alerting opened the HAPG incident through the local SNS topic
      expect(alerts.map((a) => `${a.attributes['kind']}:${a.attributes['problem']}`)).toContain(
        'opened:hapg-degraded',
      );
      expect(rt.bus.deadLetters).toEqual([]);
      // every event also went to the events log
      const logged = readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n');
      expect(logged).toHaveLength(rt.bus.published.length);
    }, 90_000);
  });

  describe('stop', () => {
    it('restores the environment it set for the handlers', async () => {
      expect(process.env['HSMWATCH_REMEDIATION_MODE']).toBe('dryRun');
      await rt.stop();
      expect(process.env['HSMWATCH_REMEDIATION_MODE']).toBe(previousMode);
      rt = undefined as unknown as LocalRuntime;
    });
  });
});
