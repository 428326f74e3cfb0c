/**
 * Target-level events: `Poll Completed` (every successful poll: alerting's tick), `Poll Failed`
 * (once per outage) and `Poll Recovered` (once when it ends). They use the pseudo-ARN
 * `arn:hsmwatch:target:<accountId>:<region>` and resourceType `target`.
 */
import {
  EVENT_SOURCE,
  SCHEMA_VERSION,
  type HsmwatchEvent,
  type MonitorDetailType,
  type MonitorEventDetail,
} from '../events';
import type { Target } from '../records';
import { eventIdFor } from './evaluate';

/** The pseudo-ARN of a target. */
export function targetArn(target: Pick<Target, 'accountId' | 'region'>): string {
  return `arn:hsmwatch:target:${target.accountId}:${target.region}`;
}

/** An ongoing outage of a target, as kept on its META item. */
export interface OutageState {
  readonly since: string;
  readonly error: string;
}

/** Builds a target event; `eventId` is given (pollId for Poll Completed, a version hash otherwise). */
export function targetEvent(
  target: Target,
  detailType: Extract<MonitorDetailType, 'Poll Completed' | 'Poll Failed' | 'Poll Recovered'>,
  eventId: string,
  pollId: string,
  now: Date,
  data: Record<string, unknown>,
): HsmwatchEvent<MonitorEventDetail> {
  const arn = targetArn(target);
  return {
    source: EVENT_SOURCE,
    detailType,
    time: now.toISOString(),
    resources: [arn],
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId,
      accountId: target.accountId,
      region: target.region,
      resourceType: 'target',
      resourceArn: arn,
      previous: null,
      current: null,
      changedFields: [],
      pollId,
      observedAt: now.toISOString(),
      data,
    },
  };
}

/**
 * Outage bookkeeping for one poll outcome. Returns the next outage state and the event to emit
 * (at most one); `metaVersion` is the META item version the write will create.
 */
export function evaluateOutage(
  target: Target,
  current: OutageState | undefined,
  outcome: { ok: true } | { ok: false; error: string },
  ctx: { pollId: string; now: Date; metaVersion: number },
): { next: OutageState | undefined; event?: HsmwatchEvent<MonitorEventDetail>; changed: boolean } {
  const arn = targetArn(target);
  if (!outcome.ok) {
    if (current) return { next: current, changed: false };
    const next = { since: ctx.now.toISOString(), error: outcome.error };
    const event = targetEvent(
      target,
      'Poll Failed',
      eventIdFor('Poll Failed', arn, ctx.metaVersion),
      ctx.pollId,
      ctx.now,
      {
        error: outcome.error,
        since: next.since,
      },
    );
    return { next, event, changed: true };
  }
  if (!current) return { next: undefined, changed: false };
  const outageMinutes = Math.round((ctx.now.getTime() - Date.parse(current.since)) / 60_000);
  const event = targetEvent(
    target,
    'Poll Recovered',
    eventIdFor('Poll Recovered', arn, ctx.metaVersion),
    ctx.pollId,
    ctx.now,
    {
      since: current.since,
      error: current.error,
      outageMinutes,
    },
  );
  return { next: undefined, event, changed: true };
}
