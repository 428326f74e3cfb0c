/**
 * Level conditions checked on every poll: certificate expiry, subscription end and HAPG
 * registration stalls. Each is reported once per threshold crossed (e.g. 30 days, then 7 days),
 * and what was already reported is remembered in the resource's watch state, which only changes
 * when an event is emitted or the record changed, so an unchanged fleet causes no writes.
 */
import type { MonitorDetailType } from '../events';
import type { ResourceRecord } from '../records';
import { daysUntil, parseInstant } from '../snapshot/certificate-facts';

/** What has already been reported about a resource's level conditions. */
export interface WatchState {
  readonly certExpiry?: { readonly notAfter: string; readonly threshold: number };
  readonly subscription?: { readonly endDate: string; readonly threshold: number };
  /** Pending HSM (registration or deletion) → first seen pending (ISO). */
  readonly pendingSince?: Readonly<Record<string, string>>;
  /** Pending HSM → the pendingSince already reported as stalled. */
  readonly stallNotified?: Readonly<Record<string, string>>;
}

/** Thresholds and the clock for condition checks. */
export interface ConditionOptions {
  readonly now: Date;
  readonly certExpiryWarningDays: number;
  readonly subscriptionWarningDays: number;
  readonly stallThresholdMinutes: number;
}

/** A condition event to emit (detail data included). */
export interface ConditionEvent {
  readonly detailType: MonitorDetailType;
  readonly data: Record<string, unknown>;
}

/** Thresholds in days, largest first: the configured warning, then 7 days. */
export function thresholds(warningDays: number): number[] {
  return [...new Set([warningDays, Math.min(7, warningDays)])].sort((a, b) => b - a);
}

/** The smallest threshold `days` is inside, or undefined when outside all. */
function crossed(days: number, warningDays: number): number | undefined {
  const inside = thresholds(warningDays).filter((t) => days <= t);
  return inside.length ? Math.min(...inside) : undefined;
}

/** Checks the conditions of one record against what was already reported. */
export function checkConditions(
  record: ResourceRecord,
  watch: WatchState | undefined,
  opts: ConditionOptions,
): { watch: WatchState; events: ConditionEvent[] } {
  const events: ConditionEvent[] = [];
  let next: WatchState = { ...(watch ?? {}) };
  if (record.resourceType === 'luna-client') {
    const notAfter = record.Certificate?.notAfter;
    if (!notAfter) next = { ...next, certExpiry: undefined };
    else {
      const days = daysUntil(notAfter, opts.now);
      const t = crossed(days, opts.certExpiryWarningDays);
      const seen = next.certExpiry?.notAfter === notAfter ? next.certExpiry : undefined;
      if (t !== undefined && (!seen || t < seen.threshold)) {
        events.push({
          detailType: 'Luna Client Certificate Expiring',
          data: { daysToExpiry: days, notAfter, threshold: t },
        });
        next = { ...next, certExpiry: { notAfter, threshold: t } };
      } else if (!seen) next = { ...next, certExpiry: undefined };
    }
  }
  if (record.resourceType === 'hsm') {
    const endDate = record.SubscriptionEndDate;
    if (!endDate || Number.isNaN(parseInstant(endDate))) next = { ...next, subscription: undefined };
    else {
      const days = daysUntil(endDate, opts.now);
      const t = crossed(days, opts.subscriptionWarningDays);
      const seen = next.subscription?.endDate === endDate ? next.subscription : undefined;
      if (t !== undefined && (!seen || t < seen.threshold)) {
        events.push({
          detailType: 'HSM Subscription Ending',
          data: { daysToEnd: days, subscriptionEndDate: endDate, threshold: t },
        });
        next = { ...next, subscription: { endDate, threshold: t } };
      } else if (!seen) next = { ...next, subscription: undefined };
    }
  }
  if (record.resourceType === 'hapg') {
    const pending = [...new Set([...record.HsmsPendingRegistration, ...record.HsmsPendingDeletion])].sort();
    const since: Record<string, string> = {};
    const notified: Record<string, string> = {};
    const stalled: string[] = [];
    let longest = 0;
    for (const hsm of pending) {
      const first = next.pendingSince?.[hsm] ?? opts.now.toISOString();
      since[hsm] = first;
      const minutes = Math.floor((opts.now.getTime() - Date.parse(first)) / 60_000);
      const already = next.stallNotified?.[hsm] === first;
      if (already) notified[hsm] = first;
      else if (minutes >= opts.stallThresholdMinutes) {
        stalled.push(hsm);
        notified[hsm] = first;
        longest = Math.max(longest, minutes);
      }
    }
    if (stalled.length > 0) {
      events.push({
        detailType: 'HAPG Registration Stalled',
        data: { stalledHsms: stalled, pendingSinceMinutes: longest },
      });
    }
    next = {
      ...next,
      pendingSince: pending.length ? since : undefined,
      stallNotified: Object.keys(notified).length ? notified : undefined,
    };
  }
  return { watch: compact(next), events };
}

/** Drops undefined members so watch states compare equal by canonical JSON. */
function compact(watch: WatchState): WatchState {
  return Object.fromEntries(Object.entries(watch).filter(([, v]) => v !== undefined)) as WatchState;
}
