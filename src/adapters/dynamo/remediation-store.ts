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
import type { RemediationStore } from '../../usecases/remediation/ports';
import { DynamoGuardStore } from './remediation-guard-store';
import { DynamoPlanStore } from './remediation-plan-store';

export { RemediationStoreError } from './remediation-table';

// The facade's methods take and return exactly what the port declares.
type Args<K extends keyof RemediationStore> = Parameters<RemediationStore[K]>;
type Result<K extends keyof RemediationStore> = ReturnType<RemediationStore[K]>;

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
  createPlan(...args: Args<'createPlan'>): Result<'createPlan'> {
    return this.plans.createPlan(...args);
  }

  getPlan(...args: Args<'getPlan'>): Result<'getPlan'> {
    return this.plans.getPlan(...args);
  }

  transitionPlan(...args: Args<'transitionPlan'>): Result<'transitionPlan'> {
    return this.plans.transitionPlan(...args);
  }

  listPlans(...args: Args<'listPlans'>): Result<'listPlans'> {
    return this.plans.listPlans(...args);
  }

  appendAudit(...args: Args<'appendAudit'>): Result<'appendAudit'> {
    return this.plans.appendAudit(...args);
  }

  auditTrail(...args: Args<'auditTrail'>): Result<'auditTrail'> {
    return this.plans.auditTrail(...args);
  }

  acquireLock(...args: Args<'acquireLock'>): Result<'acquireLock'> {
    return this.guards.acquireLock(...args);
  }

  releaseLock(...args: Args<'releaseLock'>): Result<'releaseLock'> {
    return this.guards.releaseLock(...args);
  }

  getBlock(...args: Args<'getBlock'>): Result<'getBlock'> {
    return this.guards.getBlock(...args);
  }

  setBlock(...args: Args<'setBlock'>): Result<'setBlock'> {
    return this.guards.setBlock(...args);
  }

  clearBlock(...args: Args<'clearBlock'>): Result<'clearBlock'> {
    return this.guards.clearBlock(...args);
  }

  listBlocks(...args: Args<'listBlocks'>): Result<'listBlocks'> {
    return this.guards.listBlocks(...args);
  }

  recordAction(...args: Args<'recordAction'>): Result<'recordAction'> {
    return this.guards.recordAction(...args);
  }

  countActionsSince(...args: Args<'countActionsSince'>): Result<'countActionsSince'> {
    return this.guards.countActionsSince(...args);
  }

  getKillSwitch(...args: Args<'getKillSwitch'>): Result<'getKillSwitch'> {
    return this.guards.getKillSwitch(...args);
  }

  setKillSwitch(...args: Args<'setKillSwitch'>): Result<'setKillSwitch'> {
    return this.guards.setKillSwitch(...args);
  }
}
