/**
 * HAPG repair use case: gather the planner's inputs, plan, store the plan (the conditional write
 * on the plan id makes duplicate and concurrent triggers one execution), emit, and execute in
 * auto mode. The runner calls ModifyHapg and verifies by describing the group until READY.
 */
import { planHapgRepair } from '../../monitor/remediation/hapg-repair-plan';
import type { RemediationPolicy } from '../../monitor/remediation/policy';
import type { HapgRepairTrigger } from '../../monitor/remediation/triggers';
import type { PlanStep, RemediationPlan } from '../../monitor/remediation/types';
import { VerifyFailedError } from './errors';
import { executePlan, type RunState, type StepRunner } from './execute-plan';
import { recordPlan, type RemediationOutcome } from './record-plan';
import type { RemediationDeps } from './ports';

/** Builds a HAPG plan from the current state (also used to re-check a plan at approval). */
export async function buildHapgPlan(
  deps: RemediationDeps,
  trigger: HapgRepairTrigger,
  run: RunState,
  policy: RemediationPolicy = deps.config.policy,
): Promise<RemediationPlan> {
  const target = { accountId: trigger.accountId, region: trigger.region };
  const now = deps.clock.now();
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const [records, lastReady, block, ks, actions] = await Promise.all([
    deps.records.currentRecords(target),
    deps.records.lastReadyPartitionSerials(target, trigger.hapgArn),
    deps.store.getBlock(trigger.hapgArn),
    deps.store.getKillSwitch(),
    deps.store.countActionsSince(trigger.hapgArn, hourAgo),
  ]);
  return planHapgRepair({
    trigger: { eventId: trigger.eventId, detailType: trigger.detailType },
    hapgArn: trigger.hapgArn,
    accountId: trigger.accountId,
    region: trigger.region,
    records,
    ...(lastReady ? { lastReadyPartitionSerials: lastReady } : {}),
    policy,
    actionsInLastHour: actions,
    actionsThisRun: run.actionsThisRun,
    ...(block ? { blocked: { reason: block.reason } } : {}),
    enabled: ks.enabled,
    now: now.toISOString(),
  });
}

/** Handles one HAPG repair trigger end to end. */
export async function remediateHapg(
  deps: RemediationDeps,
  trigger: HapgRepairTrigger,
  run: RunState,
  policy: RemediationPolicy = deps.config.policy,
): Promise<RemediationOutcome> {
  const plan = await buildHapgPlan(deps, trigger, run, policy);
  const recorded = await recordPlan(deps, plan);
  if (recorded.outcome !== 'execute') return recorded;
  const result = await executePlan(deps, plan, hapgRunner(deps, plan), run);
  return {
    outcome: result.outcome,
    planId: plan.planId,
    plan,
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

/** The HAPG step runner: ModifyHapg, then describe until READY with the desired members. */
export function hapgRunner(deps: RemediationDeps, plan: RemediationPlan): StepRunner {
  const api = deps.api({ accountId: plan.accountId, region: plan.region });
  const modifyIndex = plan.steps.findIndex((s) => s.action === 'ModifyHapg');
  return {
    async run(step: PlanStep): Promise<string> {
      const hapgArn = step.input['HapgArn'] as string;
      if (step.action === 'ModifyHapg') {
        const list = step.input['PartitionSerialList'] as string[];
        await api.modifyHapg({ HapgArn: hapgArn, PartitionSerialList: [...list] });
        return `ModifyHapg ${hapgArn} -> [${list.join(', ')}]`;
      }
      if (step.action === 'DescribeHapg') {
        const desired = (plan.steps[modifyIndex]?.input['PartitionSerialList'] as string[] | undefined) ?? [];
        return verifyReady(deps, api, hapgArn, desired);
      }
      throw new Error(`HAPG repair cannot run step ${step.action}`);
    },
    retryFrom: () => Math.max(0, modifyIndex),
  };
}

async function verifyReady(
  deps: RemediationDeps,
  api: ReturnType<RemediationDeps['api']>,
  hapgArn: string,
  desired: readonly string[],
): Promise<string> {
  const { clock, config } = deps;
  const started = clock.now().getTime();
  const deadline = started + config.verifyTimeoutSeconds * 1000;
  const want = [...desired].sort();
  let sawUpdating = false;
  for (;;) {
    const g = await api.describeHapg({ HapgArn: hapgArn });
    const members = [...(g.PartitionSerialList ?? [])].sort();
    const sameMembers = members.length === want.length && members.every((s, i) => s === want[i]);
    if (g.State === 'READY' && sameMembers) {
      return `READY with ${members.length} members after ${Math.round((clock.now().getTime() - started) / 1000)} s`;
    }
    if (g.State === 'UPDATING') sawUpdating = true;
    else if (g.State === 'DEGRADED' && sawUpdating) {
      throw new VerifyFailedError(
        `group went DEGRADED again; HsmsLastActionFailed: ${(g.HsmsLastActionFailed ?? []).join(', ') || 'none'}`,
      );
    }
    if (clock.now().getTime() >= deadline) {
      throw new VerifyFailedError(
        `group not READY with the desired members after ${config.verifyTimeoutSeconds} s (state ${g.State})`,
      );
    }
    await clock.sleep(config.verifyIntervalSeconds * 1000);
  }
}
