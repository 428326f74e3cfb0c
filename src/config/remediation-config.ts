/**
 * Remediation configuration, parsed once from the environment with zod. Defaults are safe: dry-run
 * until an operator turns remediation on. Errors name the variable.
 */
import { z } from 'zod';
import { readSettings, SettingsError } from './read-settings';
import { DEFAULT_REMEDIATION_POLICY, type RemediationPolicy } from '../monitor/remediation/policy';

const arnList = z.record(z.string(), z.array(z.string()));

const jsonRecord = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return {};
      try {
        return arnList.parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} must be a JSON object of ARN -> string[]` });
        return z.NEVER;
      }
    });

const num = (def: number, schema: z.ZodNumber) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? def : Number(v)))
    .pipe(schema);

const envSchema = z.object({
  REMEDIATION_MODE: z.enum(['dryRun', 'approve', 'auto']).default('dryRun'),
  REMEDIATION_ALLOW_TAG_ESCALATION: z.enum(['true', 'false']).default('false'),
  REMEDIATION_MAX_UNHEALTHY_FRACTION: num(
    DEFAULT_REMEDIATION_POLICY.maxUnhealthyFraction,
    z.number().min(0).max(1),
  ),
  REMEDIATION_MAX_ACTIONS_PER_HAPG_PER_HOUR: num(1, z.number().int().min(0).max(100)),
  REMEDIATION_MAX_ACTIONS_PER_RUN: num(
    DEFAULT_REMEDIATION_POLICY.maxActionsPerRun,
    z.number().int().min(0).max(1000),
  ),
  REMEDIATION_MAX_ATTEMPTS: num(3, z.number().int().min(1).max(10)),
  REMEDIATION_MIN_MEMBERS: num(2, z.number().int().min(1).max(64)),
  REMEDIATION_ROTATE_BEFORE_DAYS: num(14, z.number().int().min(1).max(365)),
  REMEDIATION_DESIRED_PARTITIONS: jsonRecord('REMEDIATION_DESIRED_PARTITIONS'),
  REMEDIATION_CLIENT_HAPGS: jsonRecord('REMEDIATION_CLIENT_HAPGS'),
  REMEDIATION_CLIENT_VERSION: z.enum(['5.1', '5.3']).default('5.3'),
  REMEDIATION_CERT_SOURCE: z.enum(['secretsManager', 'generate']).default('secretsManager'),
  REMEDIATION_CERT_VALID_DAYS: num(365, z.number().int().min(1).max(3650)),
  REMEDIATION_BUNDLE_STORE: z.enum(['secretsManager', 's3']).default('secretsManager'),
  REMEDIATION_BUNDLE_BUCKET: z.string().min(3).optional(),
  REMEDIATION_PLAN_EXPIRY_MINUTES: num(
    60,
    z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  ),
  REMEDIATION_VERIFY_TIMEOUT_SECONDS: num(80, z.number().int().min(1).max(900)),
  REMEDIATION_VERIFY_INTERVAL_SECONDS: num(10, z.number().int().min(1).max(300)),
  REMEDIATION_LOCK_TTL_SECONDS: num(900, z.number().int().min(30).max(86400)),
  REMEDIATION_RETRY_DELAY_SECONDS: num(15, z.number().int().min(0).max(600)),
});

/** Typed remediation configuration. */
export interface RemediationConfig {
  readonly policy: RemediationPolicy;
  readonly certSource: 'secretsManager' | 'generate';
  readonly certValidDays: number;
  readonly bundleStore: 'secretsManager' | 's3';
  readonly bundleBucket?: string;
  readonly planExpiryMinutes: number;
  readonly verifyTimeoutSeconds: number;
  readonly verifyIntervalSeconds: number;
  readonly lockTtlSeconds: number;
  readonly retryDelaySeconds: number;
}

/** Thrown when the environment holds an invalid remediation setting. */
export class RemediationConfigError extends SettingsError {
  override readonly name = 'RemediationConfigError';
}

/**
 * Parses the remediation configuration from an environment (process.env in handlers). Each
 * setting is read from `HSMWATCH_<NAME>` or, failing that, `<NAME>` (as the poller does).
 * Defaults fit the 300 s function timeout: 3 attempts x 80 s verify + 2 x 15 s retry delay.
 */
export function loadRemediationConfig(env: Readonly<Record<string, string | undefined>>): RemediationConfig {
  const e = readSettings(envSchema, env, {
    prefix: 'HSMWATCH_',
    what: 'remediation',
    error: RemediationConfigError,
  });
  if (e.REMEDIATION_BUNDLE_STORE === 's3' && !e.REMEDIATION_BUNDLE_BUCKET) {
    throw new RemediationConfigError(
      'invalid remediation configuration: REMEDIATION_BUNDLE_BUCKET: required when REMEDIATION_BUNDLE_STORE=s3',
      ['REMEDIATION_BUNDLE_BUCKET'],
    );
  }
  return {
    policy: {
      mode: e.REMEDIATION_MODE,
      allowTagEscalation: e.REMEDIATION_ALLOW_TAG_ESCALATION === 'true',
      maxUnhealthyFraction: e.REMEDIATION_MAX_UNHEALTHY_FRACTION,
      maxActionsPerHapgPerHour: e.REMEDIATION_MAX_ACTIONS_PER_HAPG_PER_HOUR,
      maxActionsPerRun: e.REMEDIATION_MAX_ACTIONS_PER_RUN,
      maxAttempts: e.REMEDIATION_MAX_ATTEMPTS,
      minMembers: e.REMEDIATION_MIN_MEMBERS,
      rotateBeforeDays: e.REMEDIATION_ROTATE_BEFORE_DAYS,
      desiredPartitions: e.REMEDIATION_DESIRED_PARTITIONS,
      clientHapgs: e.REMEDIATION_CLIENT_HAPGS,
      clientVersion: e.REMEDIATION_CLIENT_VERSION,
    },
    certSource: e.REMEDIATION_CERT_SOURCE,
    certValidDays: e.REMEDIATION_CERT_VALID_DAYS,
    bundleStore: e.REMEDIATION_BUNDLE_STORE,
    ...(e.REMEDIATION_BUNDLE_BUCKET ? { bundleBucket: e.REMEDIATION_BUNDLE_BUCKET } : {}),
    planExpiryMinutes: e.REMEDIATION_PLAN_EXPIRY_MINUTES,
    verifyTimeoutSeconds: e.REMEDIATION_VERIFY_TIMEOUT_SECONDS,
    verifyIntervalSeconds: e.REMEDIATION_VERIFY_INTERVAL_SECONDS,
    lockTtlSeconds: e.REMEDIATION_LOCK_TTL_SECONDS,
    retryDelaySeconds: e.REMEDIATION_RETRY_DELAY_SECONDS,
  };
}
