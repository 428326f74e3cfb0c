import { DynamoRemediationStore } from '../../../src/adapters/dynamo/remediation-store';
import type { RemediationPlan } from '../../../src/monitor/remediation/types';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';

let db: DynaliteHandle;
let store: DynamoRemediationStore;
const ARN = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0000abcd';
const T0 = '2026-06-01T12:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

const plan = (planId: string): RemediationPlan => ({
  planId,
  kind: 'hapg-repair',
  resourceArn: ARN,
  accountId: '123456789012',
  region: 'us-east-1',
  mode: 'approve',
  trigger: { eventId: 'e', detailType: 'HAPG State Changed' },
  createdAt: T0,
  steps: [],
  preChecks: [],
  verdict: 'await-approval',
  reasons: [],
  facts: {},
});

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db.stop();
});
beforeEach(async () => {
  store = new DynamoRemediationStore({ doc: db.doc, tableName: await freshTable(db) });
});

describe('DynamoRemediationStore', () => {
  describe('createPlan', () => {
    it('lets exactly one of many concurrent writers create a plan id', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.createPlan({
            plan: plan('plan-a'),
            status: 'awaiting-approval',
            updatedAt: T0,
            approvalExpiresAt: at(60),
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.getPlan('plan-a')).toMatchObject({
        status: 'awaiting-approval',
        approvalExpiresAt: at(60),
      });
    });
  });

  describe('transitionPlan', () => {
    it('moves a plan only from the expected status, once', async () => {
      await store.createPlan({ plan: plan('plan-b'), status: 'awaiting-approval', updatedAt: T0 });
      const both = await Promise.all([
        store.transitionPlan('plan-b', ['awaiting-approval'], 'approved', at(1), { approvedBy: 'a' }),
        store.transitionPlan('plan-b', ['awaiting-approval'], 'approved', at(1), { approvedBy: 'b' }),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect(await store.transitionPlan('plan-b', ['awaiting-approval'], 'expired', at(2))).toBe(false);
      expect(await store.transitionPlan('missing', ['awaiting-approval'], 'expired', at(2))).toBe(false);
      expect((await store.listPlans({ status: 'approved' })).map((p) => p.plan.planId)).toEqual(['plan-b']);
    });
  });

  describe('locks', () => {
    it('holds a lock until its TTL passes, and only the owner releases it', async () => {
      expect(await store.acquireLock(ARN, 'one', T0, 60)).toBe(true);
      expect(await store.acquireLock(ARN, 'two', at(30), 60)).toBe(false);
      await store.releaseLock(ARN, 'two'); // not the owner: no effect
      expect(await store.acquireLock(ARN, 'two', at(59), 60)).toBe(false);
      expect(await store.acquireLock(ARN, 'two', at(61), 60)).toBe(true); // expired: taken over
      await store.releaseLock(ARN, 'one'); // the old owner cannot free the new owner's lock
      expect(await store.acquireLock(ARN, 'three', at(62), 60)).toBe(false);
      await store.releaseLock(ARN, 'two');
      expect(await store.acquireLock(ARN, 'three', at(62), 60)).toBe(true);
    });
  });

  describe('rate counters, blocks and the kill switch', () => {
    it('counts actions inside a window', async () => {
      await store.recordAction(ARN, 'p1', at(0));
      await store.recordAction(ARN, 'p2', at(1800));
      expect(await store.countActionsSince(ARN, at(-1))).toBe(2);
      expect(await store.countActionsSince(ARN, at(1))).toBe(1);
    });

    it('sets, lists and clears blocks', async () => {
      await store.setBlock({ arn: ARN, reason: 'r', planId: 'p', attempts: 3, blockedAt: T0 });
      expect(await store.listBlocks()).toEqual([
        { arn: ARN, reason: 'r', planId: 'p', attempts: 3, blockedAt: T0 },
      ]);
      expect(await store.clearBlock(ARN)).toBe(true);
      expect(await store.clearBlock(ARN)).toBe(false);
      expect(await store.getBlock(ARN)).toBeUndefined();
    });

    it('is enabled until switched off', async () => {
      expect(await store.getKillSwitch()).toEqual({ enabled: true });
      await store.setKillSwitch({ enabled: false, changedBy: 'ops', changedAt: T0, reason: 'maintenance' });
      expect(await store.getKillSwitch()).toEqual({
        enabled: false,
        changedBy: 'ops',
        changedAt: T0,
        reason: 'maintenance',
      });
    });
  });
});
