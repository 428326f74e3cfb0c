/**
 * The executor: carries out a plan step by step under a per-resource lock, checks the kill switch
 * before every mutating step, audits everything, retries up to maxAttempts (resuming where the
 * runner says), then blocks the resource until an operator clears it.
 */
import {
  remediationEvent,
  type RemediationEventExtras,
  type RemediationEventType,
} from '../../monitor/remediation/remediation-events';
import type { PlanStep, PlanStatus, RemediationPlan } from '../../monitor/remediation/types';
import type { AuditEntry, RemediationDeps } from './ports';

/** Carries out the steps of one kind of plan. */
export interface StepRunner {
  /** Runs one step; returns an audit detail or throws. */
  run(step: PlanStep, index: number, attempt: number): Promise<string>;
  /** Where a retry restarts after step `failedIndex` failed (e.g. a verify goes back to its call). */
  retryFrom(failedIndex: number): number;
  /** Called once after every step succeeded (extra events such as Certificate Rotated). */
  onSuccess?(): Promise<void>;
}

/** Per-invocation counters: the global cap per run. */
export interface RunState {
  actionsThisRun: number;
}

/** How an execution ended. */
export interface ExecutionResult {
  readonly planId: string;
  readonly outcome: 'succeeded' | 'failed' | 'skipped';
  readonly reason?: string;
  readonly attempts: number;
  readonly blocked: boolean;
}

/** CloudHSM calls counted by the per-group rate limit. */
const RATE_COUNTED = new Set(['ModifyHapg', 'ModifyLunaClient']);

/** Publishes one remediation event; a publish failure is logged, never fatal (the audit holds the truth). */
export async function emit(
  deps: RemediationDeps,
  type: RemediationEventType,
  plan: RemediationPlan,
  extras: RemediationEventExtras = {},
): Promise<void> {
  try {
    await deps.publisher.publish([remediationEvent(type, plan, deps.clock.now().toISOString(), extras)]);
  } catch (err) {
    deps.log?.('error', 'publishing a remediation event failed', {
      type,
      planId: plan.planId,
      error: (err as Error).message,
    });
  }
}

/**
 * Appends audit entries for one plan. Phases number their entries from their own base so that
 * entries of different phases written in the same instant never share a sort key.
 */
export class Auditor {
  static readonly PLAN = 0;
  static readonly APPROVE = 1000;
  static readonly EXECUTE = 2000;
  private seq: number;
  constructor(
    private readonly deps: RemediationDeps,
    private readonly plan: RemediationPlan,
    base: number,
  ) {
    this.seq = base;
  }

  async record(
    action: string,
    outcome: AuditEntry['outcome'],
    detail: string,
    extra: { attempt?: number; actor?: string } = {},
  ): Promise<void> {
    this.seq += 1;
    await this.deps.store.appendAudit({
      arn: this.plan.resourceArn,
      planId: this.plan.planId,
      at: this.deps.clock.now().toISOString(),
      seq: this.seq,
      action,
      outcome,
      detail,
      ...extra,
    });
  }
}

/** Executes a plan whose stored status is one of `from` (planned or approved). */
export async function executePlan(
  deps: RemediationDeps,
  plan: RemediationPlan,
  runner: StepRunner,
  run: RunState,
  from: readonly PlanStatus[] = ['planned', 'approved'],
): Promise<ExecutionResult> {
  const { store, clock, config } = deps;
  const audit = new Auditor(deps, plan, Auditor.EXECUTE);
  const owner = deps.newId();
  const arn = plan.resourceArn;
  const skip = async (reason: string, detail: string): Promise<ExecutionResult> => {
    await audit.record('Execute', 'skipped', detail);
    await store.transitionPlan(plan.planId, [...from, 'running'], 'skipped', clock.now().toISOString(), {
      reason,
    });
    await emit(deps, 'Remediation Skipped', plan, { reason });
    return { planId: plan.planId, outcome: 'skipped', reason, attempts: 0, blocked: false };
  };

  if (!(await store.acquireLock(arn, owner, clock.now().toISOString(), config.lockTtlSeconds))) {
    return skip('locked', 'another remediation holds the lock on this resource');
  }
  try {
    const block = await store.getBlock(arn);
    if (block) return await skip('blocked', `blocked since ${block.blockedAt}: ${block.reason}`);
    if (plan.kind === 'hapg-repair') {
      // Re-checked under the lock: another plan for this group (from another event) may have
      // acted since this one was made, and the hourly limit is about calls, not plans.
      const hourAgo = new Date(clock.now().getTime() - 3_600_000).toISOString();
      const recent = await store.countActionsSince(arn, hourAgo);
      if (recent >= config.policy.maxActionsPerHapgPerHour) {
        return await skip(
          'rate-limited',
          `${recent} ModifyHapg in the last hour; limit ${config.policy.maxActionsPerHapgPerHour}`,
        );
      }
    }
    if (!(await store.transitionPlan(plan.planId, from, 'running', clock.now().toISOString()))) {
      // Someone else moved the plan on (ran it, approved it twice...): nothing to do here.
      return { planId: plan.planId, outcome: 'skipped', reason: 'not-runnable', attempts: 0, blocked: false };
    }
    await audit.record('Execute', 'started', `${plan.steps.length} steps, mode ${plan.mode}`);
    await emit(deps, 'Remediation Started', plan);

    const maxAttempts = config.policy.maxAttempts;
    let start = 0;
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      lastError = undefined;
      for (let i = start; i < plan.steps.length; i++) {
        const step = plan.steps[i] as PlanStep;
        if (step.mutating) {
          const ks = await store.getKillSwitch();
          if (!ks.enabled) {
            await audit.record(step.action, 'skipped', `kill switch set by ${ks.changedBy ?? 'unknown'}`, {
              attempt,
            });
            await store.transitionPlan(plan.planId, ['running'], 'skipped', clock.now().toISOString(), {
              reason: 'disabled',
            });
            await emit(deps, 'Remediation Skipped', plan, { reason: 'disabled', attempt });
            return {
              planId: plan.planId,
              outcome: 'skipped',
              reason: 'disabled',
              attempts: attempt,
              blocked: false,
            };
          }
        }
        await audit.record(step.action, 'started', step.reason, { attempt });
        try {
          const detail = await runner.run(step, i, attempt);
          if (step.mutating) run.actionsThisRun += 1;
          if (RATE_COUNTED.has(step.action))
            await store.recordAction(arn, plan.planId, clock.now().toISOString());
          await audit.record(step.action, 'succeeded', detail, { attempt });
        } catch (err) {
          lastError = err as Error;
          // A call that reached the service still counts against the rate limit.
          if (RATE_COUNTED.has(step.action))
            await store.recordAction(arn, plan.planId, clock.now().toISOString());
          await audit.record(step.action, 'failed', `${lastError.name}: ${lastError.message}`, { attempt });
          start = runner.retryFrom(i);
          break;
        }
      }
      if (!lastError) {
        await store.transitionPlan(plan.planId, ['running'], 'succeeded', clock.now().toISOString());
        await audit.record('Execute', 'succeeded', `done after ${attempt} attempt(s)`, { attempt });
        await runner.onSuccess?.();
        await emit(deps, 'Remediation Succeeded', plan, { attempt });
        return { planId: plan.planId, outcome: 'succeeded', attempts: attempt, blocked: false };
      }
      if (attempt < maxAttempts) await clock.sleep(config.retryDelaySeconds * 1000);
    }
    const error = lastError as Error;
    const reason = `failed ${maxAttempts} attempts; last: ${error.name}`;
    await store.setBlock({
      arn,
      reason,
      planId: plan.planId,
      attempts: maxAttempts,
      blockedAt: clock.now().toISOString(),
    });
    await store.transitionPlan(plan.planId, ['running'], 'failed', clock.now().toISOString(), { reason });
    await audit.record(
      'Execute',
      'blocked',
      `${reason}; run \`hsmwatch remediation unblock ${arn}\` after fixing the cause`,
    );
    await emit(deps, 'Remediation Failed', plan, {
      reason: 'max-attempts',
      attempt: maxAttempts,
      blocked: true,
      error: { name: error.name, message: error.message },
    });
    return {
      planId: plan.planId,
      outcome: 'failed',
      reason: 'max-attempts',
      attempts: maxAttempts,
      blocked: true,
    };
  } finally {
    await store.releaseLock(arn, owner);
  }
}
