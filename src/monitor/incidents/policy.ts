/** Documented alerting defaults (README.md, Alerting → Configuration reference, has the same table; keep them in step). */
import type { AlertPolicy, Problem, Severity } from './types';

/** Default severity of each problem. */
export const DEFAULT_SEVERITIES: Readonly<Record<Problem, Severity>> = {
  'hsm-unhealthy': 'critical',
  'hsm-terminated-unexpectedly': 'critical',
  'hapg-degraded': 'critical',
  'hapg-action-failed': 'warning',
  'hapg-registration-stalled': 'warning',
  'client-cert-expiring': 'warning',
  'subscription-ending': 'warning',
  'poll-failing': 'critical',
  'remediation-blocked': 'critical',
};

/** The default policy: critical opens on the first poll, warning on the second, reminders every 4 h. */
export const DEFAULT_POLICY: AlertPolicy = {
  severities: DEFAULT_SEVERITIES,
  openAfterPolls: { critical: 1, warning: 2, info: 2 },
  repeatIntervalMinutes: 240,
  digestSeverities: [],
  certExpiryWarningDays: 30,
  subscriptionWarningDays: 30,
};

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The more severe of two severities. */
export function worstSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Sort key: critical first. */
export function severityRank(s: Severity): number {
  return RANK[s];
}
