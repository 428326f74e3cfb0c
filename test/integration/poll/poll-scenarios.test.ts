/**
 * Poll scenarios against the real emulator (simulated clock) and dynalite over loopback. Each one
 * checks the emitted events against the emulator's /_emulator/log ground truth.
 */
import { makeCertificate } from '../../../src/emulator';
import type { HapgRecord } from '../../../src/monitor/records';
import { startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { Scenario, TARGET } from './scenario';

let emu: TestEmulator;
let db: DynaliteHandle;
let s: Scenario;

beforeAll(async () => {
  emu = await startTestEmulator({ pageSize: 3 });
  db = await startDynalite();
});
afterAll(async () => {
  await emu.stop();
  await db.stop();
});
beforeEach(async () => {
  s = await Scenario.start(emu, db);
});
afterEach(() => s.stop());

const seed = (hsms = 4, hapgs = 2, clients = 2) =>
  emu.admin.seed({ hsms, hapgs, clients, membersPerHapg: 2 });

describe('poll scenarios (emulator ground truth)', () => {
  it('status transitions: each lasting change once, a flap inside one interval not at all', async () => {
    const fleet = await seed();
    const [h0, h1] = fleet.hsmArns as [string, string];
    await s.poll();
    await emu.admin.setHsmStatus(h0, 'SUSPENDED', 'maintenance');
    await s.advance();
    await s.poll();
    await emu.admin.setHsmStatus(h0, 'RUNNING');
    await emu.admin.setHsmStatus(h1, 'DEGRADED');
    await emu.admin.setHsmStatus(h1, 'RUNNING');
    await s.advance();
    await s.poll();
    expect(s.types(h0)).toEqual(['HSM Discovered', 'HSM Status Changed', 'HSM Status Changed']);
    expect(s.types(h1)).toEqual(['HSM Discovered']);
    await s.expectGroundTruth();
  });

  it('HAPG degradation and recovery, keeping the last READY membership', async () => {
    const fleet = await seed(2, 1, 0);
    const [h0] = fleet.hsmArns as [string];
    const [g0] = fleet.hapgArns as [string];
    await s.poll();
    await emu.admin.setHsmStatus(h0, 'DEGRADED', 'fan failure');
    await s.advance();
    await s.poll();
    const degraded = s.publisher.changes().find((e) => e.detailType === 'HAPG State Changed')!;
    expect(degraded.detail.current).toMatchObject({ State: 'DEGRADED' });
    expect(degraded.detail.data?.memberHsms).toEqual(expect.arrayContaining([h0]));
    const stored = await s.store.getCurrent(TARGET, g0);
    const discovered = s.publisher.events.find((e) => e.detailType === 'HAPG Discovered')!;
    expect(stored?.record).toMatchObject({ State: 'DEGRADED' });
    expect(stored?.lastReadyPartitionSerials).toEqual(
      (discovered.detail.current as HapgRecord).PartitionSerialList,
    );
    await emu.admin.setHsmStatus(h0, 'RUNNING');
    await s.advance();
    await s.poll();
    expect(s.types(g0)).toEqual([
      'HAPG Discovered',
      'HAPG State Changed',
      'HAPG Action Failed',
      'HAPG State Changed',
    ]);
    await s.expectGroundTruth();
  });

  it('membership change through ModifyHapg, seen while UPDATING and after', async () => {
    const fleet = await seed(3, 1, 0);
    const [g0] = fleet.hapgArns as [string];
    await s.poll();
    const extra = await s.addMember(g0, fleet.hsmArns[2]!);
    await s.poll(); // while UPDATING with the new member pending registration
    await s.advance();
    await s.poll();
    const types = s.types(g0);
    expect(types).toContain('HAPG Membership Changed');
    expect((await s.store.getCurrent(TARGET, g0))?.lastReadyPartitionSerials).toContain(extra);
    await s.expectGroundTruth();
  });

  it('certificate change through ModifyLunaClient', async () => {
    const fleet = await seed(1, 0, 1);
    const [c0] = fleet.clientArns as [string];
    await s.poll();
    const now = new Date(await emu.admin.now());
    const pem = await makeCertificate({
      commonName: 'rotated',
      serialNumber: '0abc01',
      notBefore: new Date(now.getTime() - 86_400_000),
      notAfter: new Date(now.getTime() + 400 * 86_400_000),
    });
    const { client } = s.newClient();
    await client.modifyLunaClient({ ClientArn: c0, Certificate: pem });
    await s.advance();
    await s.poll();
    const changed = s.publisher.changes().find((e) => e.detailType === 'Luna Client Certificate Changed')!;
    expect(changed.detail.current).toMatchObject({ Certificate: { subject: 'CN=rotated' } });
    expect(JSON.stringify(s.publisher.events)).not.toContain('BEGIN CERTIFICATE');
    await s.expectGroundTruth();
  });

  it('discovery and removal follow the two-listing rule', async () => {
    const fleet = await seed(2, 0, 2);
    await s.poll();
    const added = await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 0, seed: 2 });
    const { client } = s.newClient();
    await client.deleteLunaClient({ ClientArn: fleet.clientArns[0]! });
    await client.deleteHsm({ HsmArn: fleet.hsmArns[0]! });
    await s.advance(10); // the HSM is TERMINATED, still listed for the retention period
    await s.poll();
    expect(s.types(added.hsmArns[0])).toEqual(['HSM Discovered']);
    expect(s.types(fleet.hsmArns[0])).toEqual(['HSM Discovered', 'HSM Status Changed']);
    expect(s.types(fleet.clientArns[0])).toEqual(['Luna Client Discovered']); // missing once: not yet removed
    await s.advance();
    await s.poll();
    expect(s.types(fleet.clientArns[0])).toEqual(['Luna Client Discovered', 'Luna Client Removed']);
    expect(s.types(fleet.hsmArns[0])).toEqual(['HSM Discovered', 'HSM Status Changed']); // gone once
    await s.advance();
    await s.poll();
    expect(s.types(fleet.hsmArns[0])).toEqual(['HSM Discovered', 'HSM Status Changed', 'HSM Removed']);
    await s.expectGroundTruth();
  });

  it('20% throttling plus 5% 5xx during a poll changes nothing in the outcome', async () => {
    const fleet = await seed(6, 2, 3);
    await s.poll();
    await emu.admin.setHsmStatus(fleet.hsmArns[1]!, 'DEGRADED');
    await emu.admin.setFaults({
      errors: [
        { errorType: 'ThrottlingException', status: 400, probability: 0.2 },
        { errorType: 'CloudHsmInternalException', status: 500, probability: 0.05 },
      ],
      seed: 20261128, // reproducible: with Math.random, ~4% of runs drew no throttle in ~15 calls
    });
    await s.advance();
    const faulty = await s.poll();
    await emu.admin.clearFaults();
    expect(faulty.status).toBe('ok');
    expect(faulty.run.throttles).toBeGreaterThan(0);
    expect(faulty.run.errors).toEqual([]);
    await s.advance();
    await s.poll();
    await s.expectGroundTruth();
  });

  it('a List outage: Poll Failed once, nothing removed, Poll Recovered once', async () => {
    const fleet = await seed(2, 1, 1);
    await s.poll();
    await emu.admin.setFaults({
      errors: [{ action: 'ListLunaClients', errorType: 'CloudHsmInternalException', status: 500 }],
    });
    for (let i = 0; i < 3; i++) {
      await s.advance();
      expect((await s.poll()).status).toBe('failed');
    }
    expect((await s.store.currentRecords(TARGET)).length).toBe(4);
    await emu.admin.clearFaults();
    await s.advance();
    await s.poll();
    const outage = s.publisher
      .changes()
      .filter((e) => e.detail.resourceType === 'target')
      .map((e) => e.detailType);
    expect(outage).toEqual(['Poll Failed', 'Poll Recovered']);
    expect(s.types(fleet.hsmArns[0])).toEqual(['HSM Discovered']);
    await s.expectGroundTruth();
  });

  it('two pollers at once report each change once', async () => {
    const fleet = await seed(4, 2, 2);
    await s.poll();
    await emu.admin.setHsmStatus(fleet.hsmArns[0]!, 'DEGRADED');
    await emu.admin.seed({ hsms: 1, hapgs: 0, clients: 1, seed: 3 });
    await s.advance();
    const mark = (await emu.admin.log()).length;
    const { pollTarget } = await import('../../../src/usecases/poll/poll-target');
    const [a, b] = await Promise.all([pollTarget(s.deps(), TARGET), pollTarget(s.deps(), TARGET)]);
    expect([a.status, b.status]).toEqual(['ok', 'ok']);
    expect((a.run.conflicts ?? 0) + (b.run.conflicts ?? 0)).toBeGreaterThan(0); // the race really happened
    s.marks.push(mark);
    await s.expectGroundTruth();
  });

  it('a crash between store and publish is replayed by the next run, once', async () => {
    const fleet = await seed(2, 1, 1);
    await s.poll();
    await emu.admin.setHsmStatus(fleet.hsmArns[0]!, 'SUSPENDED');
    await s.advance();
    const crash = () => Promise.reject(new Error('lambda died'));
    await expect(s.poll({ hooks: { afterStoreBeforePublish: crash } })).rejects.toThrow('lambda died');
    s.marks.push((await emu.admin.log()).length); // that run did observe (and store) the change
    expect(s.types(fleet.hsmArns[0])).toEqual(['HSM Discovered']);
    await s.advance();
    const next = await s.poll();
    expect(next.run.replayed).toBeGreaterThan(0);
    expect(s.types(fleet.hsmArns[0])).toEqual(['HSM Discovered', 'HSM Status Changed']);
    await s.expectGroundTruth();
  });

  it('steady state: the second poll of an unchanged fleet writes zero resource items', async () => {
    await seed(4, 2, 2);
    await s.poll();
    s.writes.reset();
    await s.advance();
    const second = await s.poll();
    expect(s.writes.resourceWrites).toBe(0);
    expect(s.writes.pollRunWrites).toBe(1);
    expect(second.run.resourceWrites).toBe(0);
    await s.expectGroundTruth();
  });
});
