/**
 * Details of the events remediation emits (schemas in schemas/remediation/). Built from plans
 * only, so they carry fingerprints and never a certificate or key.
 */
import { createHash } from 'node:crypto';
import { EVENT_SOURCE, SCHEMA_VERSION, type HsmwatchEvent } from '../events';
import type { PlanStep, PreCheck, RemediationPlan } from './types';

export type RemediationEventType =
  | 'Remediation Planned'
  | 'Remediation Started'
  | 'Remediation Succeeded'
  | 'Remediation Failed'
  | 'Remediation Skipped';

/** Detail of the five Remediation events. */
export interface RemediationEventDetail {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly eventId: string;
  readonly planId: string;
  readonly kind: RemediationPlan['kind'];
  readonly resourceArn: string;
  readonly resourceType: 'hapg' | 'luna-client';
  readonly accountId: string;
  readonly region: string;
  readonly mode: RemediationPlan['mode'];
  readonly verdict: RemediationPlan['verdict'];
  readonly triggerEventId: string;
  readonly triggerDetailType: string;
  /** Primary reason (Skipped/Failed): e.g. `systemic-outage`, `blocked`, `verify-timeout`. */
  readonly reason?: string;
  readonly reasons: readonly string[];
  readonly steps: readonly PlanStep[];
  readonly preChecks: readonly PreCheck[];
  readonly facts: Readonly<Record<string, unknown>>;
  readonly attempt?: number;
  readonly blocked?: boolean;
  readonly error?: { readonly name: string; readonly message: string };
  /** Approve mode: when the stored plan stops being approvable. */
  readonly approvalExpiresAt?: string;
  readonly at: string;
}

/** Detail of `Luna Client Certificate Rotated`. */
export interface CertificateRotatedDetail {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly eventId: string;
  readonly planId: string;
  readonly clientArn: string;
  readonly label: string | null;
  readonly accountId: string;
  readonly region: string;
  readonly previousFingerprint: string | null;
  readonly newFingerprint: string;
  readonly notAfter: string | null;
  readonly source: string;
  readonly hapgArns: readonly string[];
  readonly bundleLocation: string;
  readonly at: string;
}

/** Extra fields of one remediation event. */
export interface RemediationEventExtras {
  readonly reason?: string;
  readonly attempt?: number;
  readonly blocked?: boolean;
  readonly error?: { readonly name: string; readonly message: string };
  readonly approvalExpiresAt?: string;
}

/** Builds a remediation event for a plan. The event id is stable per (plan, type, attempt). */
export function remediationEvent(
  type: RemediationEventType,
  plan: RemediationPlan,
  at: string,
  extras: RemediationEventExtras = {},
): HsmwatchEvent<RemediationEventDetail> {
  const eventId = stableId(`${plan.planId}\n${type}\n${extras.attempt ?? 0}`);
  const detail: RemediationEventDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId,
    planId: plan.planId,
    kind: plan.kind,
    resourceArn: plan.resourceArn,
    resourceType: plan.kind === 'hapg-repair' ? 'hapg' : 'luna-client',
    accountId: plan.accountId,
    region: plan.region,
    mode: plan.mode,
    verdict: plan.verdict,
    triggerEventId: plan.trigger.eventId,
    triggerDetailType: plan.trigger.detailType,
    reasons: [...plan.reasons],
    steps: plan.steps,
    preChecks: plan.preChecks,
    facts: plan.facts,
    at,
    ...(extras.reason !== undefined || plan.reasons[0] !== undefined
      ? { reason: extras.reason ?? (plan.reasons[0] as string) }
      : {}),
    ...(extras.attempt !== undefined ? { attempt: extras.attempt } : {}),
    ...(extras.blocked !== undefined ? { blocked: extras.blocked } : {}),
    ...(extras.error
      ? { error: { name: extras.error.name, message: extras.error.message.slice(0, 500) } }
      : {}),
    ...(extras.approvalExpiresAt ? { approvalExpiresAt: extras.approvalExpiresAt } : {}),
  };
  return { source: EVENT_SOURCE, detailType: type, detail, resources: [plan.resourceArn], time: at };
}

/** Builds `Luna Client Certificate Rotated`. */
export function certificateRotatedEvent(
  detail: Omit<CertificateRotatedDetail, 'schemaVersion' | 'eventId'>,
): HsmwatchEvent<CertificateRotatedDetail> {
  const full: CertificateRotatedDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: stableId(`${detail.planId}\nRotated\n${detail.newFingerprint}`),
    ...detail,
  };
  return {
    source: EVENT_SOURCE,
    detailType: 'Luna Client Certificate Rotated',
    detail: full,
    resources: [detail.clientArn],
    time: detail.at,
  };
}

function stableId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
