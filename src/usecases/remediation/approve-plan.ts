/**
 * Approve mode: `hsmwatch remediation approve <planId>` runs a stored plan once, if it has not
 * expired and if re-planning against the current state still gives the same calls and passes
 * every pre-check. Unapproved plans expire (expireStalePlans, or lazily on approve).
 */
import type { RemediationPlan } from '../../monitor/remediation/types';
import { PlanExpiredError, PlanNotApprovableError, PlanNotFoundError, PlanRefusedError } from './errors';
import { Auditor, emit, executePlan, type ExecutionResult, type RunState } from './execute-plan';
import { buildHapgPlan, hapgRunner } from './hapg-repair';
import { buildRotationPlan, rotationRunner } from './cert-rotation';
import type { RemediationDeps, StoredPlan } from './ports';

/** Runs an approved plan. Throws a RemediationError subclass naming why it will not. */
export async function approvePlan(
  deps: RemediationDeps,
  planId: string,
  approvedBy: string,
  run: RunState = { actionsThisRun: 0 },
): Promise<ExecutionResult> {
  const stored = await deps.store.getPlan(planId);
  if (!stored) throw new PlanNotFoundError(`no remediation plan ${planId}`);
  if (stored.status !== 'awaiting-approval') {
    throw new PlanNotApprovableError(`plan ${planId} is ${stored.status}, not awaiting approval`);
  }
  const now = deps.clock.now().toISOString();
  if (stored.approvalExpiresAt && stored.approvalExpiresAt <= now) {
    await expire(deps, stored);
    throw new PlanExpiredError(`plan ${planId} expired at ${stored.approvalExpiresAt}; make a new one`);
  }
  // The approval authorises this plan, so re-plan as auto (tag `off` and every guardrail still apply).
  const policy = { ...deps.config.policy, mode: 'auto' as const, allowTagEscalation: true };
  const original = stored.plan;
  const trigger = original.trigger;
  let fresh: RemediationPlan;
  let runner;
  if (original.kind === 'hapg-repair') {
    fresh = await buildHapgPlan(
      deps,
      {
        kind: 'hapg-repair',
        eventId: trigger.eventId,
        detailType: trigger.detailType,
        hapgArn: original.resourceArn,
        accountId: original.accountId,
        region: original.region,
      },
      run,
      policy,
    );
    runner = hapgRunner(deps, fresh);
  } else {
    const days = (original.trigger as { daysToExpiry?: number }).daysToExpiry;
    const planning = await buildRotationPlan(
      deps,
      {
        kind: 'cert-rotation',
        eventId: trigger.eventId,
        detailType: trigger.detailType,
        clientArn: original.resourceArn,
        accountId: original.accountId,
        region: original.region,
        ...(trigger.requestedBy ? { requestedBy: trigger.requestedBy } : {}),
        ...(days !== undefined ? { daysToExpiry: days } : {}),
      },
      run,
      policy,
    );
    fresh = planning.plan;
    if (!planning.obtained) throw await refuse(deps, stored, 'no certificate could be obtained');
    runner = rotationRunner(deps, fresh, planning.obtained);
  }
  if (fresh.verdict !== 'execute') {
    const failed = fresh.preChecks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
    throw await refuse(deps, stored, `re-check refuses it (${[...fresh.reasons, ...failed].join('; ')})`);
  }
  if (
    original.kind === 'hapg-repair' &&
    JSON.stringify(callsOf(fresh)) !== JSON.stringify(callsOf(original))
  ) {
    throw await refuse(deps, stored, 'the group changed since the plan was made; make a new plan');
  }
  if (!(await deps.store.transitionPlan(planId, ['awaiting-approval'], 'approved', now, { approvedBy }))) {
    throw new PlanNotApprovableError(`plan ${planId} was approved or expired concurrently`);
  }
  await new Auditor(deps, fresh, Auditor.APPROVE).record('Approve', 'approved', `approved by ${approvedBy}`, {
    actor: approvedBy,
  });
  return executePlan(deps, { ...fresh, mode: original.mode }, runner, run, ['approved']);
}

/** Expires every plan whose approval window has passed; returns how many. */
export async function expireStalePlans(deps: RemediationDeps): Promise<number> {
  const now = deps.clock.now().toISOString();
  const waiting = await deps.store.listPlans({ status: 'awaiting-approval' });
  let n = 0;
  for (const p of waiting) {
    if (p.approvalExpiresAt && p.approvalExpiresAt <= now && (await expire(deps, p))) n++;
  }
  return n;
}

async function expire(deps: RemediationDeps, stored: StoredPlan): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  const moved = await deps.store.transitionPlan(stored.plan.planId, ['awaiting-approval'], 'expired', now, {
    reason: 'not approved in time',
  });
  if (moved) {
    await new Auditor(deps, stored.plan, Auditor.APPROVE).record(
      'Approve',
      'skipped',
      `expired unapproved at ${stored.approvalExpiresAt}`,
    );
    await emit(deps, 'Remediation Skipped', stored.plan, { reason: 'plan-expired' });
  }
  return moved;
}

async function refuse(deps: RemediationDeps, stored: StoredPlan, why: string): Promise<PlanRefusedError> {
  const now = deps.clock.now().toISOString();
  await deps.store.transitionPlan(stored.plan.planId, ['awaiting-approval'], 'skipped', now, { reason: why });
  await new Auditor(deps, stored.plan, Auditor.APPROVE).record('Approve', 'skipped', why);
  await emit(deps, 'Remediation Skipped', stored.plan, { reason: 'refused-at-approval' });
  return new PlanRefusedError(`plan ${stored.plan.planId} refused: ${why}`);
}

function callsOf(plan: RemediationPlan): unknown[] {
  return plan.steps.filter((s) => s.mutating).map((s) => [s.action, s.input]);
}
