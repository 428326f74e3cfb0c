/**
 * Remediation policy (the pure subset of the configuration) and mode resolution per resource.
 */
import type { RemediationMode, ResourceRemediationSetting } from './types';

/** Tags that steer remediation per resource. */
export const REMEDIATION_TAGS = {
  mode: 'hsmwatch:remediation',
  minMembers: 'hsmwatch:min-members',
  desiredPartitions: 'hsmwatch:desired-partitions',
  hapgs: 'hsmwatch:hapgs',
} as const;

/** Guardrails and defaults the planners apply. */
export interface RemediationPolicy {
  readonly mode: RemediationMode;
  /** When false (default) a resource tag may lower the stage mode but never raise it. */
  readonly allowTagEscalation: boolean;
  readonly maxUnhealthyFraction: number;
  readonly maxActionsPerHapgPerHour: number;
  readonly maxActionsPerRun: number;
  readonly maxAttempts: number;
  readonly minMembers: number;
  readonly rotateBeforeDays: number;
  /** Pinned membership per HAPG ARN (config); the tag wins over it. */
  readonly desiredPartitions: Readonly<Record<string, readonly string[]>>;
  /** HAPGs to fetch config for, per client ARN (config); the tag wins over it. */
  readonly clientHapgs: Readonly<Record<string, readonly string[]>>;
  readonly clientVersion: '5.1' | '5.3';
}

/** Safe defaults: dry-run everywhere. */
export const DEFAULT_REMEDIATION_POLICY: RemediationPolicy = {
  mode: 'dryRun',
  allowTagEscalation: false,
  maxUnhealthyFraction: 0.3,
  maxActionsPerHapgPerHour: 1,
  maxActionsPerRun: 5,
  maxAttempts: 3,
  minMembers: 2,
  rotateBeforeDays: 14,
  desiredPartitions: {},
  clientHapgs: {},
  clientVersion: '5.3',
};

const RANK: Record<RemediationMode, number> = { dryRun: 0, approve: 1, auto: 2 };

/** The mode for one resource and a note on how it was chosen. */
export interface ResolvedMode {
  readonly mode: ResourceRemediationSetting;
  readonly note: string;
}

/**
 * Resolves the effective mode: `off` on the tag always wins; otherwise the tag overrides the
 * stage mode, but only downwards unless escalation is allowed. An unreadable tag means dry-run,
 * because a typo must never turn remediation on.
 */
export function resolveMode(policy: RemediationPolicy, tags: Readonly<Record<string, string>>): ResolvedMode {
  const raw = tags[REMEDIATION_TAGS.mode];
  if (raw === undefined) return { mode: policy.mode, note: `stage mode ${policy.mode}` };
  const tag = raw.trim();
  if (tag === 'off') return { mode: 'off', note: `tag ${REMEDIATION_TAGS.mode}=off` };
  if (tag !== 'dryRun' && tag !== 'approve' && tag !== 'auto') {
    return {
      mode: 'dryRun',
      note: `tag ${REMEDIATION_TAGS.mode}=${JSON.stringify(raw)} is not a mode: dry-run`,
    };
  }
  if (RANK[tag] > RANK[policy.mode] && !policy.allowTagEscalation) {
    return {
      mode: policy.mode,
      note: `tag ${REMEDIATION_TAGS.mode}=${tag} ignored: above stage mode ${policy.mode} (escalation not allowed)`,
    };
  }
  return { mode: tag, note: `tag ${REMEDIATION_TAGS.mode}=${tag}` };
}

/** The verdict a plan whose pre-checks passed gets in a mode. */
export function verdictForMode(mode: RemediationMode): 'execute' | 'dry-run' | 'await-approval' {
  return mode === 'auto' ? 'execute' : mode === 'approve' ? 'await-approval' : 'dry-run';
}

/** Splits a tag list value (`a,b c`) into its non-empty items. */
export function splitTagList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
