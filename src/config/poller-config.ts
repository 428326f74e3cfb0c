/**
 * Poller configuration, parsed once from the environment with zod. Each setting is read from
 * `HSMWATCH_<NAME>` (what serverless.yml sets) or, failing that, the bare `<NAME>`. Errors name
 * the variable and the problem; nothing starts on bad config.
 */
import { z } from 'zod';
import type { Target } from '../monitor/records';
import { readSettings, SettingsError } from './read-settings';

/** A configured target: a Target plus an optional API rate ceiling for its account and region. */
export const targetSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'accountId must be 12 digits'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'region must look like us-east-1'),
  endpoint: z.url().optional(),
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'roleArn must be an IAM role ARN')
    .optional(),
  /** Requests per second for this target's API (the client's limiter never exceeds it). */
  maxRate: z.number().positive().optional(),
});

/** A configured target. */
export type TargetConfig = Target & { readonly maxRate?: number };

/** The poller's settings. */
export interface PollerConfig {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly targets: readonly TargetConfig[];
  /** Endpoint used for targets that name none (e.g. the emulator locally). */
  readonly cloudHsmEndpoint?: string;
  readonly tagRefreshMinutes: number;
  readonly certExpiryWarningDays: number;
  readonly subscriptionWarningDays: number;
  readonly stallThresholdMinutes: number;
  readonly historyTtlDays: number;
  readonly concurrency: number;
  /** Default API rate ceiling (req/s) for targets without their own `maxRate`. */
  readonly apiRateLimit?: number;
  readonly outboxReplayAfterSeconds: number;
  /** SQS queue dispatch sends poll messages to (absent: dispatch polls in-process). */
  readonly pollQueueUrl?: string;
}

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? def : Number(v)))
    .pipe(z.number().int().min(min).max(max));

const targetsJson = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return [];
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of targets' });
      return z.NEVER;
    }
  })
  .pipe(z.array(targetSchema));

const envSchema = z.object({
  TABLE_NAME: z.string().min(3, 'TABLE_NAME is required'),
  EVENT_BUS_NAME: z.string().min(1, 'EVENT_BUS_NAME is required'),
  TARGETS: targetsJson,
  CLOUDHSM_ENDPOINT: z.url().optional(),
  TAG_REFRESH_MINUTES: int(60, 1, 7 * 24 * 60),
  CERT_EXPIRY_WARNING_DAYS: int(30, 1, 365),
  SUBSCRIPTION_WARNING_DAYS: int(30, 1, 365),
  REGISTRATION_STALLED_MINUTES: int(30, 1, 7 * 24 * 60),
  HISTORY_TTL_DAYS: int(90, 1, 3650),
  POLL_CONCURRENCY: int(16, 1, 256),
  API_RATE_LIMIT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : Number(v)))
    .pipe(z.number().positive().optional()),
  OUTBOX_REPLAY_AFTER_SECONDS: int(60, 0, 86_400),
  POLL_QUEUE_URL: z.url().optional(),
});

/** Thrown on bad configuration; the message names every bad variable. */
export class ConfigError extends SettingsError {
  constructor(message: string, variables: readonly string[] = []) {
    super(message, variables);
    this.name = 'ConfigError';
  }
}

/** Parses the poller's configuration from an environment map. */
export function parsePollerConfig(env: Readonly<Record<string, string | undefined>>): PollerConfig {
  const e = readSettings(envSchema, env, { prefix: 'HSMWATCH_', what: 'poller', error: ConfigError });
  return {
    tableName: e.TABLE_NAME,
    eventBusName: e.EVENT_BUS_NAME,
    targets: e.TARGETS,
    cloudHsmEndpoint: e.CLOUDHSM_ENDPOINT,
    tagRefreshMinutes: e.TAG_REFRESH_MINUTES,
    certExpiryWarningDays: e.CERT_EXPIRY_WARNING_DAYS,
    subscriptionWarningDays: e.SUBSCRIPTION_WARNING_DAYS,
    stallThresholdMinutes: e.REGISTRATION_STALLED_MINUTES,
    historyTtlDays: e.HISTORY_TTL_DAYS,
    concurrency: e.POLL_CONCURRENCY,
    apiRateLimit: e.API_RATE_LIMIT,
    outboxReplayAfterSeconds: e.OUTBOX_REPLAY_AFTER_SECONDS,
    pollQueueUrl: e.POLL_QUEUE_URL,
  };
}
