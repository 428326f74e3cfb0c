/**
 * Stores a fresh plan (the idempotency point) and emits what its verdict calls for. Shared by
 * HAPG repair and certificate rotation.
 */
import type { PlanStatus, RemediationPlan } from '../../monitor/remediation/types';
import { Auditor, emit } from './execute-plan';
import type { RemediationDeps } from './ports';

/** What happened to a trigger. */
export interface RemediationOutcome {
  readonly outcome:
    | 'duplicate'
    | 'skipped'
    | 'dry-run'
    | 'awaiting-approval'
    | 'execute'
    | 'succeeded'
    | 'failed'
    | 'ignored';
  readonly planId?: string;
  readonly plan?: RemediationPlan;
  readonly reason?: string;
  readonly approvalExpiresAt?: string;
}

const STATUS: Record<RemediationPlan['verdict'], PlanStatus> = {
  execute: 'planned',
  'dry-run': 'dry-run',
  'await-approval': 'awaiting-approval',
  skip: 'skipped',
};

/** Creates the plan item unless it exists; emits Planned and, for a skip, Skipped. */
export async function recordPlan(deps: RemediationDeps, plan: RemediationPlan): Promise<RemediationOutcome> {
  const now = deps.clock.now();
  const approvalExpiresAt =
    plan.verdict === 'await-approval'
      ? new Date(now.getTime() + deps.config.planExpiryMinutes * 60_000).toISOString()
      : undefined;
  const created = await deps.store.createPlan({
    plan,
    status: STATUS[plan.verdict],
    updatedAt: now.toISOString(),
    ...(approvalExpiresAt ? { approvalExpiresAt } : {}),
    ...(plan.verdict === 'skip' ? { statusReason: plan.reasons.join(', ') } : {}),
  });
  if (!created) {
    deps.log?.('info', 'duplicate trigger: plan exists', { planId: plan.planId });
    return { outcome: 'duplicate', planId: plan.planId, plan };
  }
  const audit = new Auditor(deps, plan, Auditor.PLAN);
  const failed = plan.preChecks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
  await audit.record(
    'Plan',
    plan.verdict === 'skip' ? 'skipped' : 'planned',
    [
      `verdict ${plan.verdict}`,
      ...(failed.length ? [`failed pre-checks: ${failed.join('; ')}`] : []),
      ...(plan.reasons.length ? [`reasons: ${plan.reasons.join(', ')}`] : []),
    ].join('; '),
  );
  if (plan.verdict === 'skip') {
    await emit(deps, 'Remediation Skipped', plan);
    return { outcome: 'skipped', planId: plan.planId, plan, reason: plan.reasons[0] as string };
  }
  await emit(deps, 'Remediation Planned', plan, approvalExpiresAt ? { approvalExpiresAt } : {});
  if (plan.verdict === 'dry-run') return { outcome: 'dry-run', planId: plan.planId, plan };
  if (plan.verdict === 'await-approval') {
    return {
      outcome: 'awaiting-approval',
      planId: plan.planId,
      plan,
      ...(approvalExpiresAt ? { approvalExpiresAt } : {}),
    };
  }
  return { outcome: 'execute', planId: plan.planId, plan };
}
