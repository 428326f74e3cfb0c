/**
 * Remediation plans: what a planner returns and an executor carries out. Plans are plain data so
 * they can be stored (approve mode), audited and emitted in events. A plan never holds a private
 * key or a whole certificate: certificate inputs are reduced to fingerprints.
 */

/** How far remediation may go: plan only, wait for an operator, or act. `off` (tag only) skips. */
export type RemediationMode = 'dryRun' | 'approve' | 'auto';
export type ResourceRemediationSetting = RemediationMode | 'off';

/** The two remediations hsmwatch knows. */
export type RemediationKind = 'hapg-repair' | 'cert-rotation';

/** What should happen to a plan. */
export type PlanVerdict = 'execute' | 'dry-run' | 'await-approval' | 'skip';

/** API calls and local actions a plan may contain. */
export type StepAction =
  | 'ModifyHapg'
  | 'DescribeHapg'
  | 'StorePrivateKey'
  | 'ModifyLunaClient'
  | 'DescribeLunaClient'
  | 'GetConfig'
  | 'StoreConfigBundle';

/** One step: the call, its (redacted) input, why, and whether it changes anything. */
export interface PlanStep {
  readonly action: StepAction;
  readonly input: Readonly<Record<string, unknown>>;
  readonly reason: string;
  /** Mutating steps are guarded by the kill switch and never run in dry-run. */
  readonly mutating: boolean;
}

/** The result of one pre-check. All must pass before anything mutating runs. */
export interface PreCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** Why a plan was skipped (first reason is the primary one; alerting keys on it). */
export type SkipReason =
  | 'systemic-outage'
  | 'min-members'
  | 'serial-not-running'
  | 'rate-limited'
  | 'run-cap'
  | 'blocked'
  | 'disabled'
  | 'remediation-off'
  | 'no-change'
  | 'already-healthy'
  | 'update-in-progress'
  | 'outside-rotation-window'
  | 'bad-certificate'
  | 'no-hapgs'
  | 'resource-missing';

/** The event that caused a plan. */
export interface PlanTrigger {
  readonly eventId: string;
  readonly detailType: string;
  readonly requestedBy?: string;
}

/** A remediation plan. Deterministic for the same inputs (planId included). */
export interface RemediationPlan {
  readonly planId: string;
  readonly kind: RemediationKind;
  readonly resourceArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly mode: RemediationMode | 'off';
  readonly trigger: PlanTrigger;
  /** ISO-8601 instant the plan was made. */
  readonly createdAt: string;
  readonly steps: readonly PlanStep[];
  readonly preChecks: readonly PreCheck[];
  readonly verdict: PlanVerdict;
  readonly reasons: readonly SkipReason[] | readonly string[];
  /** Kind-specific facts for operators (current/desired membership, fingerprints...). */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** Lifecycle of a stored plan. */
export type PlanStatus =
  | 'planned'
  | 'awaiting-approval'
  | 'approved'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'expired'
  | 'dry-run';
