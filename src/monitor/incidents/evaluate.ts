/**
 * Evaluates a whole target on a tick (`Poll Completed`): every condition that holds in the current
 * records, plus re-evaluation of latched problems (ones that begin with an event: registration
 * stalled, remediation blocked, poll failing). Each active incident the evaluation does not
 * confirm gets a "no longer holds" observation, which is how incidents resolve.
 */
import type { HsmRecord, LunaClientRecord, ResourceRecord } from '../records';
import { hapgConditions, hsmProblem, memberHsms, shortArn, type HapgContext } from './hapg-conditions';
import { incidentKey } from './keys';
import { activeSilenceFor } from './silences';
import type { AlertPolicy, Condition, IncidentState, Observation, Silence } from './types';

/** Everything a tick evaluation looks at. */
export interface TargetSnapshot {
  readonly accountId: string;
  readonly region: string;
  /** The tick's poll instant. */
  readonly at: string;
  readonly pollId: string;
  readonly eventId: string;
  readonly records: readonly ResourceRecord[];
  readonly seenTerminating: Readonly<Record<string, readonly string[]>>;
  readonly silences: readonly Silence[];
  /** Pending/open incidents of this target. */
  readonly active: readonly IncidentState[];
}

export interface TickEvaluation {
  readonly observations: readonly Observation[];
  /** Updated memory: HSMs seen TERMINATING that still exist. */
  readonly seenTerminating: Readonly<Record<string, readonly string[]>>;
}

const DAY_MS = 86_400_000;
const IGNORE_TAG = 'hsmwatch:ignore';

/** Evaluates the target and returns one observation per condition and per unconfirmed active incident. */
export function evaluateTick(s: TargetSnapshot, policy: AlertPolicy): TickEvaluation {
  const records = s.records.filter((r) => r.Tags[IGNORE_TAG] !== 'true');
  const hsms = records.filter((r): r is HsmRecord => r.resourceType === 'hsm');
  const seenTerminating: Record<string, readonly string[]> = {};
  const live = new Set(hsms.map((h) => h.HsmArn));
  const referenced = new Set(
    records.flatMap((r) => (r.resourceType === 'hapg' ? r.PartitionSerialList : [])),
  );
  // Forget a seen delete only once the HSM is gone and no HAPG still lists its partitions.
  for (const [arn, serials] of Object.entries(s.seenTerminating)) {
    if (live.has(arn) || serials.some((x) => referenced.has(x))) seenTerminating[arn] = serials;
  }
  for (const h of hsms) if (h.Status === 'TERMINATING') seenTerminating[h.HsmArn] = h.PartitionSerials;
  const ctx: HapgContext = { ...s, hsms, seenTerminating, policy };
  const conditions: Condition[] = [];
  const grouped = new Set<string>();
  for (const r of records) {
    if (r.resourceType !== 'hapg') continue;
    conditions.push(...hapgConditions(r, ctx));
    for (const m of memberHsms(r, hsms)) grouped.add(m.HsmArn);
  }
  for (const h of hsms) {
    if (!grouped.has(h.HsmArn)) conditions.push(...hsmHealthCondition(h, ctx));
    conditions.push(...subscriptionCondition(h, ctx));
  }
  for (const r of records)
    if (r.resourceType === 'luna-client') conditions.push(...certificateCondition(r, ctx));
  const byKey = new Map(s.active.map((i) => [i.key, i]));
  for (const inc of s.active) {
    const latched = relatch(inc, records, ctx);
    if (latched) conditions.push(latched);
  }
  const seen = new Set<string>();
  const observations: Observation[] = [];
  for (const c of conditions) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    observations.push({ key: c.key, pollId: s.pollId, at: s.at, eventId: s.eventId, condition: c });
  }
  for (const key of byKey.keys()) {
    if (!seen.has(key))
      observations.push({ key, pollId: s.pollId, at: s.at, eventId: s.eventId, condition: null });
  }
  // Sorted, so an unchanged memory serialises identically and costs no write.
  const sorted = Object.fromEntries(Object.entries(seenTerminating).sort(([x], [y]) => x.localeCompare(y)));
  return { observations, seenTerminating: sorted };
}

function hsmHealthCondition(h: HsmRecord, ctx: HapgContext): Condition[] {
  const problem = hsmProblem(h, ctx);
  if (!problem) return [];
  const what =
    problem === 'hsm-unhealthy'
      ? `HSM ${shortArn(h.HsmArn)} is ${h.Status}${h.StatusDetails ? ` (${h.StatusDetails})` : ''}`
      : `HSM ${shortArn(h.HsmArn)} is TERMINATED but no delete was seen`;
  return [
    {
      key: incidentKey(ctx.accountId, ctx.region, problem, h.HsmArn),
      problem,
      severity: ctx.policy.severities[problem],
      accountId: ctx.accountId,
      region: ctx.region,
      resourceType: 'hsm',
      resourceArn: h.HsmArn,
      summary: what,
      state: h.Status,
      affected: [],
      facts: {},
      tags: h.Tags,
      mutedBy: activeSilenceFor(ctx.silences, { arn: h.HsmArn, resourceType: 'hsm', tags: h.Tags }, ctx.at),
    },
  ];
}

function subscriptionCondition(h: HsmRecord, ctx: HapgContext): Condition[] {
  if (!h.SubscriptionEndDate || h.Status === 'TERMINATING' || h.Status === 'TERMINATED') return [];
  const days = Math.floor((Date.parse(h.SubscriptionEndDate) - Date.parse(ctx.at)) / DAY_MS);
  if (!Number.isFinite(days) || days > ctx.policy.subscriptionWarningDays) return [];
  return [
    {
      key: incidentKey(ctx.accountId, ctx.region, 'subscription-ending', h.HsmArn),
      problem: 'subscription-ending',
      severity: ctx.policy.severities['subscription-ending'],
      accountId: ctx.accountId,
      region: ctx.region,
      resourceType: 'hsm',
      resourceArn: h.HsmArn,
      summary: `HSM ${shortArn(h.HsmArn)} subscription ${days < 0 ? 'has ended' : `ends in ${days} days`} (${h.SubscriptionEndDate})`,
      state: h.Status,
      affected: [],
      facts: { daysToEnd: days, subscriptionEndDate: h.SubscriptionEndDate },
      tags: h.Tags,
      mutedBy: activeSilenceFor(ctx.silences, { arn: h.HsmArn, resourceType: 'hsm', tags: h.Tags }, ctx.at),
    },
  ];
}

function certificateCondition(c: LunaClientRecord, ctx: HapgContext): Condition[] {
  const notAfter = c.Certificate?.notAfter;
  if (!notAfter) return [];
  const days = Math.floor((Date.parse(notAfter) - Date.parse(ctx.at)) / DAY_MS);
  if (!Number.isFinite(days) || days > ctx.policy.certExpiryWarningDays) return [];
  const expired = Date.parse(notAfter) <= Date.parse(ctx.at);
  const name = c.Label ?? shortArn(c.ClientArn);
  return [
    {
      key: incidentKey(ctx.accountId, ctx.region, 'client-cert-expiring', c.ClientArn),
      problem: 'client-cert-expiring',
      // An expired certificate means the client cannot reach its partitions any more.
      severity: expired ? 'critical' : ctx.policy.severities['client-cert-expiring'],
      accountId: ctx.accountId,
      region: ctx.region,
      resourceType: 'luna-client',
      resourceArn: c.ClientArn,
      summary: `Luna client ${name} certificate ${expired ? 'EXPIRED' : `expires in ${days} days`} (notAfter ${notAfter})`,
      state: expired ? 'EXPIRED' : 'EXPIRING',
      affected: [],
      facts: { daysToExpiry: days, notAfter },
      tags: c.Tags,
      mutedBy: activeSilenceFor(
        ctx.silences,
        { arn: c.ClientArn, resourceType: 'luna-client', tags: c.Tags },
        ctx.at,
      ),
    },
  ];
}

/** Re-checks a problem that started with an event, against current state. */
function relatch(inc: IncidentState, records: readonly ResourceRecord[], ctx: HapgContext): Condition | null {
  const mutedBy = (
    arn: string,
    resourceType: Condition['resourceType'],
    tags: Readonly<Record<string, string>>,
  ) => activeSilenceFor(ctx.silences, { arn, resourceType, tags }, ctx.at);
  switch (inc.problem) {
    case 'hapg-registration-stalled': {
      const hapg = records.find((r) => r.resourceType === 'hapg' && r.HapgArn === inc.resourceArn);
      if (!hapg || hapg.resourceType !== 'hapg') return null;
      const stalled = (inc.facts.stalledHsms as string[] | undefined) ?? [];
      const pending = new Set([...hapg.HsmsPendingRegistration, ...hapg.HsmsPendingDeletion]);
      const still = stalled.filter((a) => pending.has(a));
      if (still.length === 0) return null;
      return {
        ...fromIncident(inc),
        state: hapg.State,
        facts: { ...inc.facts, stalledHsms: still },
        mutedBy: mutedBy(inc.resourceArn, 'hapg', hapg.Tags),
      };
    }
    case 'remediation-blocked': {
      const blocked = (inc.facts.resources as string[] | undefined) ?? [];
      const stillBroken = records.some(
        (r) =>
          r.resourceType === 'hapg' &&
          (blocked.length === 0 || blocked.includes(r.HapgArn)) &&
          (r.State === 'DEGRADED' || r.HsmsLastActionFailed.length > 0),
      );
      return stillBroken ? { ...fromIncident(inc), mutedBy: mutedBy(inc.resourceArn, 'target', {}) } : null;
    }
    default:
      // poll-failing: this tick is a successful poll, so it no longer holds. State-derived
      // problems were evaluated above; anything else simply stops holding.
      return null;
  }
}

/** A condition that carries an incident's stored facts forward unchanged. */
export function fromIncident(inc: IncidentState): Condition {
  return {
    key: inc.key,
    problem: inc.problem,
    severity: inc.severity,
    accountId: inc.accountId,
    region: inc.region,
    resourceType: inc.resourceType,
    resourceArn: inc.resourceArn,
    summary: inc.summary,
    state: inc.state,
    affected: inc.affected,
    facts: inc.facts,
    tags: inc.tags,
    mutedBy: inc.mutedBy,
  };
}
