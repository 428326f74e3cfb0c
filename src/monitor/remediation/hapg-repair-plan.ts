/**
 * HAPG repair planner (pure). From the last membership seen while the group was READY (or a
 * pinned set), drop partitions whose HSM is gone or unhealthy, re-apply members that failed but
 * whose HSM is RUNNING again, and decide whether the ModifyHapg may run.
 */
import type { HapgRecord, HsmRecord, ResourceRecord } from '../records';
import { UNHEALTHY_HSM_STATUSES } from '../records';
import { parseCloudHsmArn } from './plan-id';
import {
  GUARD_SKIP_REASONS,
  guardChecks,
  planHeader,
  planVerdict,
  resourceMissingPlan,
  runCapCheck,
  type GuardedPlanInput,
} from './plan-guards';
import { REMEDIATION_TAGS, resolveMode, splitTagList, type RemediationPolicy } from './policy';
import type { PlanStep, PreCheck, RemediationPlan, SkipReason } from './types';

/** Everything the HAPG planner looks at. */
export interface HapgRepairInput extends GuardedPlanInput {
  readonly hapgArn: string;
  /** Current records of the target (HSMs and the HAPG at least). */
  readonly records: readonly ResourceRecord[];
  /** The group's membership the last time it was READY (kept by the poller). */
  readonly lastReadyPartitionSerials?: readonly string[];
  /** ModifyHapg executions on this group in the last hour. */
  readonly actionsInLastHour: number;
}

/** HSM statuses whose partitions leave the group: gone for good or unhealthy. */
const DROP_STATUSES = new Set<string>([...UNHEALTHY_HSM_STATUSES, 'TERMINATING']);

const REASON_BY_CHECK: Record<string, SkipReason> = {
  ...GUARD_SKIP_REASONS,
  'fleet-health': 'systemic-outage',
  'serials-on-running-hsms': 'serial-not-running',
  'min-members': 'min-members',
  'hapg-rate-limit': 'rate-limited',
};

/** Plans the repair of one HAPG. */
export function planHapgRepair(input: HapgRepairInput): RemediationPlan {
  const { policy } = input;
  const hsms = input.records.filter((r): r is HsmRecord => r.resourceType === 'hsm');
  const hapg = input.records.find(
    (r): r is HapgRecord => r.resourceType === 'hapg' && r.HapgArn === input.hapgArn,
  );
  const base = planHeader('hapg-repair', input.hapgArn, input);
  if (!hapg) return resourceMissingPlan(base, policy);
  const resolved = resolveMode(policy, hapg.Tags);

  // serial -> owning HSM (partition ARNs are `<hsm-arn>/partition-<serial>`).
  const hsmBySerial = new Map<string, HsmRecord>();
  for (const hsm of hsms) for (const serial of hsm.PartitionSerials) hsmBySerial.set(serial, hsm);
  const hsmByArn = new Map(hsms.map((h) => [h.HsmArn, h]));

  const pinned = pinnedSet(input, hapg);
  const source = pinned
    ? pinned.source
    : input.lastReadyPartitionSerials && input.lastReadyPartitionSerials.length > 0
      ? 'last READY membership'
      : 'current membership (no READY membership recorded)';
  const baseSet =
    pinned?.serials ??
    (input.lastReadyPartitionSerials?.length ? input.lastReadyPartitionSerials : hapg.PartitionSerialList);

  const dropped: { serial: string; why: string }[] = [];
  const desired: string[] = [];
  for (const serial of unique(baseSet)) {
    const hsm = hsmBySerial.get(serial);
    if (!hsm) dropped.push({ serial, why: 'its HSM is gone' });
    else if (DROP_STATUSES.has(hsm.Status))
      dropped.push({ serial, why: `HSM ${hsm.HsmArn} is ${hsm.Status}` });
    else desired.push(serial);
  }
  // Members whose last action failed but whose HSM is RUNNING again go (back) in, even when the
  // last READY membership predates them; a pinned set still bounds what may be added.
  const reapplied = hapg.HsmsLastActionFailed.filter((arn) => hsmByArn.get(arn)?.Status === 'RUNNING')
    .flatMap((arn) => hsmByArn.get(arn)?.PartitionSerials ?? [])
    .filter((s) => baseSet.includes(s) || (!pinned && hapg.PartitionSerialList.includes(s)))
    .sort();
  for (const s of reapplied) if (!desired.includes(s)) desired.push(s);
  desired.sort();
  const current = [...hapg.PartitionSerialList].sort();
  const changes = !sameSet(desired, current) || reapplied.length > 0;

  const minMembers = minMembersFor(hapg, policy);
  const hsmCount = hsms.length;
  const unhealthy = hsms.filter((h) => UNHEALTHY_HSM_STATUSES.has(h.Status)).length;
  const fraction = hsmCount === 0 ? 0 : unhealthy / hsmCount;
  const notRunning = desired.filter((s) => {
    const hsm = hsmBySerial.get(s);
    const where = hsm ? parseCloudHsmArn(hsm.HsmArn) : undefined;
    return (
      !hsm ||
      hsm.Status !== 'RUNNING' ||
      where?.accountId !== input.accountId ||
      where.region !== input.region
    );
  });

  const preChecks: PreCheck[] = [
    ...guardChecks(input),
    {
      name: 'fleet-health',
      passed: fraction <= policy.maxUnhealthyFraction,
      detail: `${unhealthy}/${hsmCount} HSMs unhealthy (${pct(fraction)}; limit ${pct(policy.maxUnhealthyFraction)})`,
    },
    {
      name: 'serials-on-running-hsms',
      passed: notRunning.length === 0,
      detail:
        notRunning.length === 0
          ? `all ${desired.length} serials are partitions of RUNNING HSMs in ${input.accountId}/${input.region}`
          : `not on a RUNNING HSM in ${input.accountId}/${input.region}: ${notRunning.join(', ')}`,
    },
    {
      name: 'min-members',
      passed: desired.length >= minMembers,
      detail: `${desired.length} members after repair; minimum ${minMembers}`,
    },
    {
      name: 'hapg-rate-limit',
      passed: input.actionsInLastHour < policy.maxActionsPerHapgPerHour,
      detail: `${input.actionsInLastHour} ModifyHapg in the last hour; limit ${policy.maxActionsPerHapgPerHour}`,
    },
    runCapCheck(input),
  ];

  const facts = {
    state: hapg.State,
    membershipSource: source,
    current,
    desired,
    dropped,
    reapplied,
    hsmsLastActionFailed: hapg.HsmsLastActionFailed,
    minMembers,
    unhealthyFraction: fraction,
    modeNote: resolved.note,
  };
  const steps: PlanStep[] = changes
    ? [
        {
          action: 'ModifyHapg',
          input: { HapgArn: hapg.HapgArn, PartitionSerialList: desired },
          reason: stepReason(dropped, reapplied, source),
          mutating: true,
        },
        {
          action: 'DescribeHapg',
          input: { HapgArn: hapg.HapgArn },
          reason: 'verify the group returns to READY',
          mutating: false,
        },
      ]
    : [];

  const reasons: SkipReason[] = [];
  if (resolved.mode === 'off') reasons.push('remediation-off');
  if (hapg.State === 'UPDATING') reasons.push('update-in-progress');
  else if (hapg.State === 'READY' && hapg.HsmsLastActionFailed.length === 0) reasons.push('already-healthy');
  for (const check of preChecks) if (!check.passed) reasons.push(REASON_BY_CHECK[check.name] as SkipReason);
  if (!changes) reasons.push('no-change');
  // Systemic outage is the one skip alerting must see first.
  reasons.sort((a, b) => (a === 'systemic-outage' ? -1 : b === 'systemic-outage' ? 1 : 0));

  const verdict = planVerdict(resolved.mode, reasons);
  return { ...base, mode: resolved.mode, steps, preChecks, verdict, reasons, facts };
}

function pinnedSet(
  input: HapgRepairInput,
  hapg: HapgRecord,
): { serials: readonly string[]; source: string } | undefined {
  const tagged = splitTagList(hapg.Tags[REMEDIATION_TAGS.desiredPartitions]);
  if (tagged.length > 0) return { serials: tagged, source: `tag ${REMEDIATION_TAGS.desiredPartitions}` };
  const configured = input.policy.desiredPartitions[hapg.HapgArn];
  if (configured && configured.length > 0) return { serials: configured, source: 'config desiredPartitions' };
  return undefined;
}

function minMembersFor(hapg: HapgRecord, policy: RemediationPolicy): number {
  const tag = hapg.Tags[REMEDIATION_TAGS.minMembers];
  const parsed = tag === undefined ? NaN : Number(tag.trim());
  // A malformed tag must not weaken the guardrail: fall back to the stricter of tag/config.
  return Number.isInteger(parsed) && parsed >= 1 ? parsed : policy.minMembers;
}

function stepReason(dropped: { serial: string; why: string }[], reapplied: string[], source: string): string {
  const parts = [`desired membership from ${source}`];
  for (const d of dropped) parts.push(`drop ${d.serial} (${d.why})`);
  if (reapplied.length > 0) parts.push(`re-apply ${reapplied.join(', ')} (HSM RUNNING again)`);
  return parts.join('; ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function pct(f: number): string {
  return `${Math.round(f * 1000) / 10}%`;
}
