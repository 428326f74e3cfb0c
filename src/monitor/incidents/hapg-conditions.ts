/**
 * HAPG-centred conditions with grouping and inhibition. Health problems of HSMs that are members
 * of a HAPG (HAPG PartitionSerialList ∩ HSM PartitionSerials) fold into that HAPG's
 * `hapg-degraded` incident, listing the affected members, so one failing HSM wakes people once.
 * Members being deleted on purpose (seen TERMINATING) or silenced are inhibited: when every cause
 * of a HAPG incident is inhibited, the incident is muted.
 */
import type { HapgRecord, HsmRecord } from '../records';
import { incidentKey } from './keys';
import { worstSeverity } from './policy';
import { activeSilenceFor } from './silences';
import type { AffectedMember, AlertPolicy, Condition, Silence } from './types';

/** What the HAPG evaluator needs to know about the target. */
export interface HapgContext {
  readonly accountId: string;
  readonly region: string;
  readonly at: string;
  readonly hsms: readonly HsmRecord[];
  /** HSM ARN → partition serials, for HSMs we saw TERMINATING (a delete we saw). */
  readonly seenTerminating: Readonly<Record<string, readonly string[]>>;
  readonly silences: readonly Silence[];
  readonly policy: AlertPolicy;
}

const HEALTHY_OR_TRANSIENT = new Set(['RUNNING', 'PENDING', 'UPDATING']);

/** The HSMs whose partitions are listed in the HAPG. */
export function memberHsms(hapg: HapgRecord, hsms: readonly HsmRecord[]): HsmRecord[] {
  const serials = new Set(hapg.PartitionSerialList);
  return hsms.filter((h) => h.PartitionSerials.some((s) => serials.has(s)));
}

/** Whether an HSM's trouble is expected or muted: being deleted on purpose, or silenced. */
export function hsmInhibitor(hsm: HsmRecord, ctx: HapgContext): string | null {
  if (hsm.Status === 'TERMINATING') return hsm.HsmArn;
  if (hsm.Status === 'TERMINATED' && ctx.seenTerminating[hsm.HsmArn]) return hsm.HsmArn;
  return activeSilenceFor(ctx.silences, { arn: hsm.HsmArn, resourceType: 'hsm', tags: hsm.Tags }, ctx.at);
}

/** The problem an HSM's status amounts to, if any (terminated without a seen delete is its own). */
export function hsmProblem(hsm: HsmRecord, ctx: Pick<HapgContext, 'seenTerminating'>) {
  if (hsm.Status === 'DEGRADED' || hsm.Status === 'SUSPENDED') return 'hsm-unhealthy' as const;
  if (hsm.Status === 'TERMINATED' && !ctx.seenTerminating[hsm.HsmArn])
    return 'hsm-terminated-unexpectedly' as const;
  return null;
}

/** Members of a HAPG that explain its trouble (unhealthy, failed, missing partitions). */
export function hapgCauses(hapg: HapgRecord, ctx: HapgContext): AffectedMember[] {
  const members = memberHsms(hapg, ctx.hsms);
  const out: AffectedMember[] = [];
  const listed = new Set<string>();
  for (const hsm of members) {
    if (HEALTHY_OR_TRANSIENT.has(hsm.Status) && !hapg.HsmsLastActionFailed.includes(hsm.HsmArn)) continue;
    const problem = hsmProblem(hsm, ctx);
    const deleting = hsm.Status === 'TERMINATING' || (hsm.Status === 'TERMINATED' && !problem);
    out.push({
      arn: hsm.HsmArn,
      status: hsm.Status,
      problem: problem ?? (deleting ? 'being-deleted' : 'action-failed'),
      inhibited: hsmInhibitor(hsm, ctx) !== null,
    });
    listed.add(hsm.HsmArn);
  }
  for (const arn of hapg.HsmsLastActionFailed) {
    if (listed.has(arn)) continue;
    out.push({
      arn,
      status: 'UNKNOWN',
      problem: 'action-failed',
      inhibited: Boolean(ctx.seenTerminating[arn]),
    });
  }
  const known = new Set(ctx.hsms.flatMap((h) => h.PartitionSerials));
  const deletedSerials = new Set(Object.values(ctx.seenTerminating).flat());
  for (const serial of hapg.PartitionSerialList) {
    if (known.has(serial)) continue;
    out.push({
      arn: `partition:${serial}`,
      status: 'MISSING',
      problem: 'partition-missing',
      inhibited: deletedSerials.has(serial),
    });
  }
  return out.sort((a, b) => a.arn.localeCompare(b.arn));
}

/** `hapg-degraded` and `hapg-action-failed` conditions for one HAPG. */
export function hapgConditions(hapg: HapgRecord, ctx: HapgContext): Condition[] {
  const causes = hapgCauses(hapg, ctx);
  const silenced = activeSilenceFor(
    ctx.silences,
    { arn: hapg.HapgArn, resourceType: 'hapg', tags: hapg.Tags },
    ctx.at,
  );
  const muteFor = (members: readonly AffectedMember[]): string | null => {
    if (silenced) return silenced;
    if (members.length === 0 || members.some((m) => !m.inhibited)) return null;
    return `inhibited:${members.map((m) => m.arn).join(',')}`;
  };
  const name = hapg.Label ? `${hapg.Label} (${hapg.HapgArn})` : hapg.HapgArn;
  const base = {
    accountId: ctx.accountId,
    region: ctx.region,
    resourceType: 'hapg' as const,
    resourceArn: hapg.HapgArn,
    state: hapg.State,
    tags: hapg.Tags,
  };
  const out: Condition[] = [];
  const memberTrouble = causes.filter(
    (m) => m.problem === 'hsm-unhealthy' || m.problem === 'hsm-terminated-unexpectedly',
  );
  if (hapg.State === 'DEGRADED' || memberTrouble.length > 0) {
    let severity = ctx.policy.severities['hapg-degraded'];
    for (const m of memberTrouble)
      severity = worstSeverity(severity, ctx.policy.severities[m.problem as 'hsm-unhealthy']);
    const who = causes.map((m) => `${shortArn(m.arn)} ${m.status}`).join(', ');
    out.push({
      ...base,
      key: incidentKey(ctx.accountId, ctx.region, 'hapg-degraded', hapg.HapgArn),
      problem: 'hapg-degraded',
      severity,
      summary: `HAPG ${name} is ${hapg.State}${causes.length ? `; affected: ${who}` : ''}`,
      affected: causes,
      facts: {},
      mutedBy: muteFor(causes),
    });
  }
  // A degraded group already reports its failed members (as `action-failed` affected members):
  // hapg-degraded inhibits hapg-action-failed on the same HAPG, so one failure wakes people once.
  if (hapg.HsmsLastActionFailed.length > 0 && out.length === 0) {
    const failed = causes.filter((m) => hapg.HsmsLastActionFailed.includes(m.arn));
    out.push({
      ...base,
      key: incidentKey(ctx.accountId, ctx.region, 'hapg-action-failed', hapg.HapgArn),
      problem: 'hapg-action-failed',
      severity: ctx.policy.severities['hapg-action-failed'],
      summary: `HAPG ${name}: last action failed for ${hapg.HsmsLastActionFailed.map(shortArn).join(', ')}`,
      affected: failed,
      facts: { hsmsLastActionFailed: hapg.HsmsLastActionFailed },
      mutedBy: muteFor(failed),
    });
  }
  return out;
}

/** The last path segment of an ARN (`hsm-1234abcd`), for compact messages. */
export function shortArn(arn: string): string {
  const i = arn.lastIndexOf('/');
  return i >= 0 ? arn.slice(i + 1) : arn;
}
