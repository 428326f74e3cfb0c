/**
 * Observations that come straight from events rather than from a tick: the poller's outage
 * events, registration-stalled events, and remediation refusing to act on a systemic outage.
 * `Poll Completed` is the tick and is evaluated by evaluate.ts; other change events only feed
 * the "seen TERMINATING" memory, since the next tick sees their effect in the current state.
 */
import type { HsmRecord } from '../records';
import { fromIncident } from './evaluate';
import { incidentKey, targetArn } from './keys';
import { activeSilenceFor } from './silences';
import type { AlertPolicy, Condition, IncidentState, Observation, Silence } from './types';

/** The parts of an event this module reads (a MonitorEventDetail or a remediation detail). */
export interface EventFacts {
  readonly detailType: string;
  readonly eventId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceArn: string;
  readonly pollId: string;
  readonly at: string;
  readonly previous?: unknown;
  readonly current?: unknown;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly reason?: string;
  readonly reasonCode?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Reason codes of `Remediation Skipped` that mean "systemic outage: a human must look". */
export const SYSTEMIC_SKIP_CODES: ReadonlySet<string> = new Set([
  'systemic-outage',
  'blast-radius',
  'max-unhealthy',
]);

/** Whether a `Remediation Skipped` event is the systemic-outage refusal we alert on. */
export function isSystemicSkip(e: Pick<EventFacts, 'reasonCode' | 'reason' | 'data'>): boolean {
  // Remediation puts a reason code in `reason` (e.g. `systemic-outage`); accept the other spellings too.
  const codes = [e.reasonCode, e.reason, e.data?.reasonCode, e.data?.reason];
  if (codes.some((c) => typeof c === 'string' && SYSTEMIC_SKIP_CODES.has(c))) return true;
  return /systemic|unhealthy fraction|maxUnhealthyFraction/i.test(e.reason ?? '');
}

/** Observations an event yields; `active` are the target's pending/open incidents. */
export function observationsFromEvent(
  e: EventFacts,
  active: readonly IncidentState[],
  silences: readonly Silence[],
  policy: AlertPolicy,
): Observation[] {
  const tArn = targetArn(e.accountId, e.region);
  const obs = (key: string, condition: Condition | null): Observation => ({
    key,
    pollId: e.pollId,
    at: e.at,
    eventId: e.eventId,
    condition,
  });
  const targetMute = activeSilenceFor(silences, { arn: tArn, resourceType: 'target', tags: {} }, e.at);
  const targetBase = {
    accountId: e.accountId,
    region: e.region,
    resourceType: 'target' as const,
    resourceArn: tArn,
    affected: [],
    tags: {},
    mutedBy: targetMute,
  };
  switch (e.detailType) {
    case 'Poll Failed': {
      const error = typeof e.data?.error === 'string' ? e.data.error : 'unknown error';
      return [
        obs(incidentKey(e.accountId, e.region, 'poll-failing', tArn), {
          ...targetBase,
          key: incidentKey(e.accountId, e.region, 'poll-failing', tArn),
          problem: 'poll-failing',
          severity: policy.severities['poll-failing'],
          summary: `Polling ${e.accountId}/${e.region} is failing: ${error}`,
          state: 'FAILING',
          facts: { error, since: e.data?.since ?? e.at },
          // The poller sends Poll Failed once per outage: it has debounced already.
          immediate: true,
        }),
      ];
    }
    case 'Poll Recovered':
      return [obs(incidentKey(e.accountId, e.region, 'poll-failing', tArn), null)];
    case 'HAPG Registration Stalled': {
      const stalled = Array.isArray(e.data?.stalledHsms) ? (e.data.stalledHsms as string[]) : [];
      const key = incidentKey(e.accountId, e.region, 'hapg-registration-stalled', e.resourceArn);
      const tags = e.tags ?? {};
      return [
        obs(key, {
          key,
          problem: 'hapg-registration-stalled',
          severity: policy.severities['hapg-registration-stalled'],
          accountId: e.accountId,
          region: e.region,
          resourceType: 'hapg',
          resourceArn: e.resourceArn,
          summary: `HAPG ${e.resourceArn}: ${stalled.length} HSM(s) pending registration/deletion for ${String(e.data?.pendingSinceMinutes ?? '?')} min`,
          state: 'UPDATING',
          affected: stalled.map((arn) => ({
            arn,
            status: 'PENDING',
            problem: 'hapg-registration-stalled',
            inhibited: false,
          })),
          facts: { stalledHsms: stalled, pendingSinceMinutes: e.data?.pendingSinceMinutes },
          tags,
          mutedBy: activeSilenceFor(silences, { arn: e.resourceArn, resourceType: 'hapg', tags }, e.at),
        }),
      ];
    }
    case 'Remediation Skipped': {
      if (!isSystemicSkip(e)) return [];
      const key = incidentKey(e.accountId, e.region, 'remediation-blocked', tArn);
      const prev = active.find((i) => i.key === key);
      const resources = [...new Set([...((prev?.facts.resources as string[]) ?? []), e.resourceArn])].sort();
      const base = prev ? fromIncident(prev) : null;
      return [
        obs(key, {
          ...(base ?? {}),
          ...targetBase,
          key,
          problem: 'remediation-blocked',
          severity: policy.severities['remediation-blocked'],
          summary: `Remediation refused in ${e.accountId}/${e.region} (systemic outage suspected): ${e.reason ?? 'no reason given'}`,
          state: 'BLOCKED',
          facts: { resources, reason: e.reason ?? null },
          immediate: true,
        }),
      ];
    }
    default:
      return [];
  }
}

/** Adds HSMs this event shows as TERMINATING (now or just before) to the seen-delete memory. */
export function rememberDeletes(
  e: Pick<EventFacts, 'previous' | 'current'>,
  seen: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, readonly string[]>> {
  const next = { ...seen };
  for (const r of [e.previous, e.current]) {
    const h = r as HsmRecord | null | undefined;
    if (h && h.resourceType === 'hsm' && h.Status === 'TERMINATING') next[h.HsmArn] = h.PartitionSerials;
  }
  return Object.fromEntries(Object.entries(next).sort(([x], [y]) => x.localeCompare(y)));
}
