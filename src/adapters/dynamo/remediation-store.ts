/**
 * RemediationStore on the one hsmwatch table (prefixes owned by remediation, see table.ts):
 * - plan        pk `PLAN#<planId>`  sk `PLAN`   gsi1pk `PLANS`  gsi1sk `<createdAt>#<planId>`
 * - audit       pk `AUDIT#<arn>`    sk `<at>#<planId>#<seq:4>`
 * - lock        pk `LOCK#<arn>`     sk `LOCK`   { owner, lockedUntil (epoch ms) }
 * - block       pk `BLOCK#<arn>`    sk `BLOCK`  gsi1pk `BLOCKS` gsi1sk `<blockedAt>#<arn>`
 * - rate        pk `RATE#<arn>`     sk `<at>#<planId>`
 * - kill switch pk `CONTROL`        sk `REMEDIATION`
 * No transactions (dynalite lacks them): every race is settled by one conditional write.
 * `expiresAt` is only for clean-up; logic never relies on TTL deletion (dynalite never expires).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlanStatus } from '../../monitor/remediation/types';
import type {
  AuditEntry,
  Block,
  KillSwitch,
  RemediationStore,
  StoredPlan,
} from '../../usecases/remediation/ports';
import { DynamoGuardStore } from './remediation-guard-store';
import { DynamoPlanStore } from './remediation-plan-store';

export { RemediationStoreError } from './remediation-table';

/**
 * DynamoDB implementation of the RemediationStore port: plans and audit (remediation-plan-store.ts)
 * and the guardrails (remediation-guard-store.ts) on the same table.
 */
export class DynamoRemediationStore implements RemediationStore {
  private readonly plans: DynamoPlanStore;
  private readonly guards: DynamoGuardStore;

  constructor(opts: { doc: DynamoDBDocumentClient; tableName: string }) {
    this.plans = new DynamoPlanStore(opts);
    this.guards = new DynamoGuardStore(opts);
  }

  /** Conditional put on the plan id: the first writer wins, duplicates see false. */
  createPlan(stored: StoredPlan): Promise<boolean> {
    return this.plans.createPlan(stored);
  }

  getPlan(planId: string): Promise<StoredPlan | undefined> {
    return this.plans.getPlan(planId);
  }

  transitionPlan(
    planId: string,
    from: readonly PlanStatus[],
    to: PlanStatus,
    at: string,
    extra?: { reason?: string; approvedBy?: string },
  ): Promise<boolean> {
    return this.plans.transitionPlan(planId, from, to, at, extra);
  }

  listPlans(options?: { limit?: number; status?: PlanStatus }): Promise<StoredPlan[]> {
    return this.plans.listPlans(options);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.plans.appendAudit(entry);
  }

  auditTrail(arn: string, options?: { limit?: number }): Promise<AuditEntry[]> {
    return this.plans.auditTrail(arn, options);
  }

  acquireLock(arn: string, owner: string, now: string, ttlSeconds: number): Promise<boolean> {
    return this.guards.acquireLock(arn, owner, now, ttlSeconds);
  }

  releaseLock(arn: string, owner: string): Promise<void> {
    return this.guards.releaseLock(arn, owner);
  }

  getBlock(arn: string): Promise<Block | undefined> {
    return this.guards.getBlock(arn);
  }

  setBlock(block: Block): Promise<void> {
    return this.guards.setBlock(block);
  }

  clearBlock(arn: string): Promise<boolean> {
    return this.guards.clearBlock(arn);
  }

  listBlocks(): Promise<Block[]> {
    return this.guards.listBlocks();
  }

  recordAction(arn: string, planId: string, at: string): Promise<void> {
    return this.guards.recordAction(arn, planId, at);
  }

  countActionsSince(arn: string, since: string): Promise<number> {
    return this.guards.countActionsSince(arn, since);
  }

  getKillSwitch(): Promise<KillSwitch> {
    return this.guards.getKillSwitch();
  }

  setKillSwitch(value: KillSwitch): Promise<void> {
    return this.guards.setKillSwitch(value);
  }
}
