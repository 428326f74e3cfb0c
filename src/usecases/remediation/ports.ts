/**
 * Ports of the remediation use cases. Executors depend on these only: the CloudHSM client, the
 * poller's records, our DynamoDB store, certificate sources, config bundle stores, the event
 * publisher and a clock.
 */
import type { InputOf, OutputOf } from '../../cloudhsm/model';
import type { EventPublisher } from '../../monitor/events';
import type { ResourceRecord, Target } from '../../monitor/records';
import type { CertificateSourceKind } from '../../monitor/remediation/cert-rotation-plan';
import type { PlanStatus, RemediationPlan } from '../../monitor/remediation/types';
import type { RemediationConfig } from '../../config/remediation-config';

/** The slice of the CloudHSM client remediation uses (CloudHsmClient satisfies it). */
export interface RemediationCloudHsm {
  describeHapg(input: InputOf<'DescribeHapg'>): Promise<OutputOf<'DescribeHapg'>>;
  modifyHapg(input: InputOf<'ModifyHapg'>): Promise<OutputOf<'ModifyHapg'>>;
  describeLunaClient(input: InputOf<'DescribeLunaClient'>): Promise<OutputOf<'DescribeLunaClient'>>;
  modifyLunaClient(input: InputOf<'ModifyLunaClient'>): Promise<OutputOf<'ModifyLunaClient'>>;
  getConfig(input: InputOf<'GetConfig'>): Promise<OutputOf<'GetConfig'>>;
}

/** Where planners' inputs come from: the poller's store (or, locally, anything equivalent). */
export interface RemediationRecordSource {
  currentRecords(target: Target): Promise<readonly ResourceRecord[]>;
  /** The HAPG's membership the last time it was READY. */
  lastReadyPartitionSerials(target: Target, hapgArn: string): Promise<readonly string[] | undefined>;
}

/** A stored plan and where it stands. */
export interface StoredPlan {
  readonly plan: RemediationPlan;
  readonly status: PlanStatus;
  readonly updatedAt: string;
  readonly approvalExpiresAt?: string;
  readonly statusReason?: string;
  readonly approvedBy?: string;
}

/** One audit record: every step, attempt and decision, per resource. */
export interface AuditEntry {
  readonly arn: string;
  readonly planId: string;
  readonly at: string;
  readonly seq: number;
  readonly action: string;
  readonly outcome:
    'planned' | 'started' | 'succeeded' | 'failed' | 'skipped' | 'blocked' | 'approved' | 'info';
  readonly detail: string;
  readonly attempt?: number;
  readonly actor?: string;
}

/** A resource whose remediation is blocked until an operator clears it. */
export interface Block {
  readonly arn: string;
  readonly reason: string;
  readonly planId: string;
  readonly attempts: number;
  readonly blockedAt: string;
}

/** The kill switch. Absent means enabled. */
export interface KillSwitch {
  readonly enabled: boolean;
  readonly changedBy?: string;
  readonly changedAt?: string;
  readonly reason?: string;
}

/** Remediation state in DynamoDB. Conditional writes make it safe under concurrency. */
export interface RemediationStore {
  /** Creates a plan unless one with its id exists (the idempotency key). True when created. */
  createPlan(stored: StoredPlan): Promise<boolean>;
  getPlan(planId: string): Promise<StoredPlan | undefined>;
  /** Moves a plan from one of `from` to `to`; false when its status was something else. */
  transitionPlan(
    planId: string,
    from: readonly PlanStatus[],
    to: PlanStatus,
    at: string,
    extra?: { reason?: string; approvedBy?: string },
  ): Promise<boolean>;
  listPlans(options?: { limit?: number; status?: PlanStatus }): Promise<StoredPlan[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  auditTrail(arn: string, options?: { limit?: number }): Promise<AuditEntry[]>;
  /** Takes the resource lock unless someone else holds an unexpired one. */
  acquireLock(arn: string, owner: string, now: string, ttlSeconds: number): Promise<boolean>;
  releaseLock(arn: string, owner: string): Promise<void>;
  getBlock(arn: string): Promise<Block | undefined>;
  setBlock(block: Block): Promise<void>;
  /** True when a block was removed. */
  clearBlock(arn: string): Promise<boolean>;
  listBlocks(): Promise<Block[]>;
  /** Counts a mutating action on a resource (rate limit). */
  recordAction(arn: string, planId: string, at: string): Promise<void>;
  countActionsSince(arn: string, since: string): Promise<number>;
  getKillSwitch(): Promise<KillSwitch>;
  setKillSwitch(value: KillSwitch): Promise<void>;
}

/** A new certificate for a client. `commit` stores the generated key (a mutating step). */
export interface ObtainedCertificate {
  readonly pem: string;
  readonly source: CertificateSourceKind;
  /** Where the private key goes (generate only). */
  readonly keyRef?: string;
  readonly commit?: () => Promise<void>;
}

/** Where new client certificates come from. */
export interface CertificateSource {
  readonly kind: CertificateSourceKind;
  /** Reads or makes a certificate without side effects; throws with a clear message when none. */
  obtain(client: { clientArn: string; label: string }): Promise<ObtainedCertificate>;
}

/** A client's config bundle: GetConfig output plus what it was made for. */
export interface ConfigBundle {
  readonly clientArn: string;
  readonly label: string;
  readonly clientVersion: string;
  readonly hapgArns: readonly string[];
  readonly certificateFingerprint: string;
  readonly configType?: string;
  readonly configFile?: string;
  readonly configCred?: string;
  readonly createdAt: string;
}

/** Where config bundles go for client hosts to collect. */
export interface ConfigBundleStore {
  /** The location a bundle for this label is stored at (for plans, before storing). */
  locationFor(label: string): string;
  put(bundle: ConfigBundle): Promise<string>;
}

/** Time, injected: a simulated clock in tests advances the emulator on `sleep`. */
export interface RemediationClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** Everything the remediation use cases need. */
export interface RemediationDeps {
  readonly api: (target: Target) => RemediationCloudHsm;
  readonly records: RemediationRecordSource;
  readonly store: RemediationStore;
  readonly publisher: EventPublisher;
  readonly clock: RemediationClock;
  readonly config: RemediationConfig;
  readonly certificates?: CertificateSource;
  readonly bundles?: ConfigBundleStore;
  /** Unique owner id for locks (per invocation). */
  readonly newId: () => string;
  readonly log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
}
