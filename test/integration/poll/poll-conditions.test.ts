/**
 * Field diffs and level conditions against the emulator: ModifyHsm field changes, certificate
 * expiry and subscription end (30 days, then 7), and HAPG registration stalls (emulator with a
 * long update delay so a registration stays pending).
 */
import { startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { Scenario, TARGET } from './scenario';

let db: DynaliteHandle;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db.stop();
});

describe('poll conditions (emulator)', () => {
  describe('with the default emulator', () => {
    let emu: TestEmulator;
    let s: Scenario;
    beforeAll(async () => {
      emu = await startTestEmulator();
    });
    afterAll(async () => {
      await emu.stop();
    });
    beforeEach(async () => {
      s = await Scenario.start(emu, db);
    });
    afterEach(() => s.stop());

    it('reports a ModifyHsm field change as one HSM Changed, not the UPDATING flap', async () => {
      const fleet = await emu.admin.seed({ hsms: 2, hapgs: 0, clients: 0 });
      const [h0] = fleet.hsmArns as [string];
      await s.poll();
      const { client } = s.newClient();
      await client.modifyHsm({
        HsmArn: h0,
        IamRoleArn: 'arn:aws:iam::123456789012:role/OtherRole',
        SyslogIp: '10.0.0.9',
      });
      await s.advance();
      await s.poll();
      const changed = s.publisher
        .changes()
        .filter((e) => e.detail.resourceArn === h0 && e.detailType !== 'HSM Discovered');
      expect(changed.map((e) => [e.detailType, e.detail.changedFields])).toEqual([
        ['HSM Changed', ['IamRoleArn']],
      ]);
      await s.expectGroundTruth();
    });

    it('picks up a tag change within tagRefreshMinutes and stores it without an event', async () => {
      const fleet = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0 });
      const [h0] = fleet.hsmArns as [string];
      await s.poll();
      const { client } = s.newClient();
      await client.addTagsToResource({
        ResourceArn: h0,
        TagList: [{ Key: 'hsmwatch:ignore', Value: 'true' }],
      });
      let polls = 0;
      while (!(await s.store.getCurrent(TARGET, h0))?.record.Tags['hsmwatch:ignore']) {
        await s.advance();
        await s.poll();
        polls++;
        if (polls > 13) break;
      }
      expect(polls).toBeLessThanOrEqual(12); // 60 minutes of 5-minute polls
      expect(s.types(h0)).toEqual(['HSM Discovered']);
      expect((await s.store.history(h0)).length).toBe(2);
      await s.expectGroundTruth();
    });

    it('reports an expiring certificate and an ending subscription at 30 days, then at 7, once each', async () => {
      const fleet = await emu.admin.seed({
        hsms: 1,
        hapgs: 0,
        clients: 1,
        clientCertValidDays: 20,
        subscriptionEndDays: 20,
      });
      await s.poll();
      const data = (type: string) =>
        s.publisher.events.filter((e) => e.detailType === type).map((e) => e.detail.data);
      expect(data('Luna Client Certificate Expiring')).toEqual([
        expect.objectContaining({ threshold: 30, daysToExpiry: 20 }),
      ]);
      expect(data('HSM Subscription Ending')).toEqual([expect.objectContaining({ threshold: 30 })]);
      await s.advance();
      await s.poll();
      expect(data('Luna Client Certificate Expiring')).toHaveLength(1);
      await s.advance(14 * 86_400);
      await s.poll();
      expect(data('Luna Client Certificate Expiring').map((d) => d?.threshold)).toEqual([30, 7]);
      expect(data('HSM Subscription Ending').map((d) => d?.threshold)).toEqual([30, 7]);
      s.writes.reset();
      await s.advance();
      await s.poll();
      expect(s.writes.resourceWrites).toBe(0);
      expect(s.types(fleet.clientArns[0])).toEqual([
        'Luna Client Discovered',
        'Luna Client Certificate Expiring',
        'Luna Client Certificate Expiring',
      ]);
      await s.expectGroundTruth();
    });
  });

  describe('with registrations that take hours', () => {
    let emu: TestEmulator;
    let s: Scenario;
    beforeAll(async () => {
      emu = await startTestEmulator({ updateDelaySeconds: 4 * 3600 });
    });
    afterAll(async () => {
      await emu.stop();
    });
    beforeEach(async () => {
      s = await Scenario.start(emu, db);
    });
    afterEach(() => s.stop());

    it('reports a registration pending longer than the threshold as stalled, once', async () => {
      const fleet = await emu.admin.seed({ hsms: 3, hapgs: 1, clients: 0 });
      const [g0] = fleet.hapgArns as [string];
      await s.poll();
      await s.addMember(g0, fleet.hsmArns[2]!);
      await s.advance(60);
      await s.poll(); // pending registration first seen
      await s.advance(20 * 60);
      await s.poll(); // 20 minutes: not yet
      expect(s.types(g0)).not.toContain('HAPG Registration Stalled');
      await s.advance(15 * 60);
      await s.poll(); // 35 minutes: stalled
      await s.advance(15 * 60);
      await s.poll(); // still pending: not again
      const stalled = s.publisher.events.filter((e) => e.detailType === 'HAPG Registration Stalled');
      expect(stalled).toHaveLength(1);
      expect(stalled[0]!.detail.data).toMatchObject({
        stalledHsms: [expect.any(String)],
        pendingSinceMinutes: 35,
      });
      await s.expectGroundTruth();
    });
  });
});
