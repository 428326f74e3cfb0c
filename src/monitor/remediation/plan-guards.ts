/**
 * What every remediation plan shares, whatever it repairs: its header, the plan of a resource
 * that is gone, the kill-switch / not-blocked / run-cap pre-checks and the verdict rule. One
 * place, so a new guardrail reaches both planners at once.
 */
import { verdictForMode, type RemediationPolicy } from './policy';
import type {
  PlanTrigger,
  PlanVerdict,
  PreCheck,
  RemediationKind,
  RemediationMode,
  RemediationPlan,
  SkipReason,
} from './types';
import { planIdFor } from './plan-id';

/** The planner inputs every kind has. */
export interface GuardedPlanInput {
  readonly trigger: PlanTrigger;
  readonly accountId: string;
  readonly region: string;
  readonly policy: RemediationPolicy;
  /** Mutating actions already taken in this run. */
  readonly actionsThisRun: number;
  readonly blocked?: { readonly reason: string };
  /** False when the kill switch is set. */
  readonly enabled: boolean;
  /** ISO-8601 instant. */
  readonly now: string;
}

/** The identity part of a plan (id, kind, resource, trigger, time). */
export type PlanHeader = Pick<
  RemediationPlan,
  'planId' | 'kind' | 'resourceArn' | 'accountId' | 'region' | 'trigger' | 'createdAt'
>;

/** Builds the header of a plan; the id is stable per (kind, trigger event, resource). */
export function planHeader(kind: RemediationKind, resourceArn: string, input: GuardedPlanInput): PlanHeader {
  return {
    planId: planIdFor(kind, input.trigger.eventId, resourceArn),
    kind,
    resourceArn,
    accountId: input.accountId,
    region: input.region,
    trigger: input.trigger,
    createdAt: input.now,
  };
}

/** The plan when the records no longer hold the resource: nothing to check, nothing to do. */
export function resourceMissingPlan(header: PlanHeader, policy: RemediationPolicy): RemediationPlan {
  return {
    ...header,
    mode: policy.mode,
    steps: [],
    preChecks: [],
    verdict: 'skip',
    reasons: ['resource-missing'],
    facts: {},
  };
}

/** Why a plan skips when one of the shared checks fails. */
export const GUARD_SKIP_REASONS: Readonly<Record<string, SkipReason>> = {
  'kill-switch': 'disabled',
  'not-blocked': 'blocked',
  'run-cap': 'run-cap',
};

/** The kill switch and a block on the resource: the first checks of every plan. */
export function guardChecks(input: GuardedPlanInput): PreCheck[] {
  return [
    {
      name: 'kill-switch',
      passed: input.enabled,
      detail: input.enabled ? 'remediation enabled' : 'kill switch is set',
    },
    {
      name: 'not-blocked',
      passed: !input.blocked,
      detail: input.blocked ? `blocked: ${input.blocked.reason}` : 'not blocked',
    },
  ];
}

/** The cap on mutating actions per run: the last check of every plan. */
export function runCapCheck(input: GuardedPlanInput): PreCheck {
  return {
    name: 'run-cap',
    passed: input.actionsThisRun < input.policy.maxActionsPerRun,
    detail: `${input.actionsThisRun} actions this run; cap ${input.policy.maxActionsPerRun}`,
  };
}

/** Skip when any reason stands or the resource is off; otherwise what the mode says. */
export function planVerdict(mode: RemediationMode | 'off', reasons: readonly SkipReason[]): PlanVerdict {
  return reasons.length > 0 || mode === 'off' ? 'skip' : verdictForMode(mode);
}
