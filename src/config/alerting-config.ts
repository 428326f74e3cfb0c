/**
 * Alerting configuration, parsed once from the environment with zod. Errors name the variable.
 * Defaults are documented in README.md (Alerting → Configuration reference) (keep both in step with monitor/incidents/policy.ts).
 */
import { z } from 'zod';
import { readSettings, SettingsError } from './read-settings';
import { DEFAULT_POLICY, DEFAULT_SEVERITIES } from '../monitor/incidents/policy';
import {
  PROBLEMS,
  SEVERITIES,
  type AlertPolicy,
  type Problem,
  type Severity,
} from '../monitor/incidents/types';

const num = (def: number, schema: z.ZodNumber) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? def : Number(v)))
    .pipe(schema);

const severity = z.enum(SEVERITIES);

/** `problem=severity,problem=severity` overrides, e.g. `hapg-action-failed=critical`. */
const severityOverrides = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const out: Partial<Record<Problem, Severity>> = {};
    for (const part of (v ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [problem, sev] = part.split('=').map((x) => x.trim());
      if (!(PROBLEMS as readonly string[]).includes(problem ?? '')) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown problem "${problem}" (one of ${PROBLEMS.join(', ')})`,
        });
        return z.NEVER;
      }
      const s = severity.safeParse(sev);
      if (!s.success) {
        ctx.addIssue({
          code: 'custom',
          message: `severity of ${problem} must be one of ${SEVERITIES.join(', ')}`,
        });
        return z.NEVER;
      }
      out[problem as Problem] = s.data;
    }
    return out;
  });

const severityList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(severity));

const envSchema = z.object({
  HSMWATCH_TABLE_NAME: z.string().min(3).optional(),
  HSMWATCH_SNS_TOPIC_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:sns:/, 'must be an SNS topic ARN')
    .optional(),
  HSMWATCH_SLACK_SECRET_NAME: z.string().min(1).optional(),
  HSMWATCH_SLACK_SECRET_SOURCE: z.enum(['secretsManager', 'ssm']).default('secretsManager'),
  HSMWATCH_SLACK_SECRET_JSON_KEY: z.string().min(1).optional(),
  HSMWATCH_SEVERITIES: severityOverrides,
  HSMWATCH_OPEN_AFTER_POLLS_CRITICAL: num(
    DEFAULT_POLICY.openAfterPolls.critical,
    z.number().int().min(1).max(100),
  ),
  HSMWATCH_OPEN_AFTER_POLLS_WARNING: num(
    DEFAULT_POLICY.openAfterPolls.warning,
    z.number().int().min(1).max(100),
  ),
  HSMWATCH_OPEN_AFTER_POLLS_INFO: num(DEFAULT_POLICY.openAfterPolls.info, z.number().int().min(1).max(100)),
  HSMWATCH_REPEAT_INTERVAL_MINUTES: num(
    DEFAULT_POLICY.repeatIntervalMinutes,
    z.number().int().min(1).max(10_080),
  ),
  HSMWATCH_DIGEST_SEVERITIES: severityList,
  HSMWATCH_CERT_EXPIRY_WARNING_DAYS: num(
    DEFAULT_POLICY.certExpiryWarningDays,
    z.number().int().min(1).max(3650),
  ),
  HSMWATCH_SUBSCRIPTION_WARNING_DAYS: num(
    DEFAULT_POLICY.subscriptionWarningDays,
    z.number().int().min(1).max(3650),
  ),
  HSMWATCH_README_URL: z.url().default('https://github.com/hsmwatch/hsmwatch/blob/main/README.md'),
  HSMWATCH_DIGEST_HOUR_UTC: num(8, z.number().int().min(0).max(23)),
  HSMWATCH_EVENT_BUS_NAME: z.string().min(1).optional(),
  HSMWATCH_PUBLISH_INCIDENT_EVENTS: z.enum(['true', 'false']).default('true'),
  HSMWATCH_NOTIFY_LEASE_SECONDS: num(120, z.number().int().min(5).max(900)),
  HSMWATCH_SLACK_SECRET_CACHE_SECONDS: num(300, z.number().int().min(0).max(86_400)),
});

/** Typed alerting configuration. */
export interface AlertingConfig {
  readonly policy: AlertPolicy;
  readonly tableName?: string;
  readonly snsTopicArn?: string;
  readonly slack?: {
    readonly secretName: string;
    readonly source: 'secretsManager' | 'ssm';
    readonly jsonKey?: string;
    readonly cacheSeconds: number;
  };
  readonly readmeUrl: string;
  readonly leaseSeconds: number;
  /** The digest goes out on the first scheduled run at or after this UTC hour. */
  readonly digestHourUtc: number;
  /** Bus for `Incident Opened/Reminder/Resolved` events; unset = not published. */
  readonly incidentEventBus?: string;
}

/** Thrown when the environment holds an invalid alerting setting. */
export class AlertingConfigError extends SettingsError {
  override readonly name = 'AlertingConfigError';
}

/** Parses the alerting configuration from an environment (process.env in handlers). */
export function loadAlertingConfig(env: Readonly<Record<string, string | undefined>>): AlertingConfig {
  // The schema's keys carry the prefix already: alerting reads no bare names.
  const e = readSettings(envSchema, env, { prefix: '', what: 'alerting', error: AlertingConfigError });
  return {
    policy: {
      severities: { ...DEFAULT_SEVERITIES, ...e.HSMWATCH_SEVERITIES },
      openAfterPolls: {
        critical: e.HSMWATCH_OPEN_AFTER_POLLS_CRITICAL,
        warning: e.HSMWATCH_OPEN_AFTER_POLLS_WARNING,
        info: e.HSMWATCH_OPEN_AFTER_POLLS_INFO,
      },
      repeatIntervalMinutes: e.HSMWATCH_REPEAT_INTERVAL_MINUTES,
      digestSeverities: e.HSMWATCH_DIGEST_SEVERITIES,
      certExpiryWarningDays: e.HSMWATCH_CERT_EXPIRY_WARNING_DAYS,
      subscriptionWarningDays: e.HSMWATCH_SUBSCRIPTION_WARNING_DAYS,
    },
    ...(e.HSMWATCH_TABLE_NAME ? { tableName: e.HSMWATCH_TABLE_NAME } : {}),
    ...(e.HSMWATCH_SNS_TOPIC_ARN ? { snsTopicArn: e.HSMWATCH_SNS_TOPIC_ARN } : {}),
    ...(e.HSMWATCH_SLACK_SECRET_NAME
      ? {
          slack: {
            secretName: e.HSMWATCH_SLACK_SECRET_NAME,
            source: e.HSMWATCH_SLACK_SECRET_SOURCE,
            ...(e.HSMWATCH_SLACK_SECRET_JSON_KEY ? { jsonKey: e.HSMWATCH_SLACK_SECRET_JSON_KEY } : {}),
            cacheSeconds: e.HSMWATCH_SLACK_SECRET_CACHE_SECONDS,
          },
        }
      : {}),
    readmeUrl: e.HSMWATCH_README_URL,
    leaseSeconds: e.HSMWATCH_NOTIFY_LEASE_SECONDS,
    digestHourUtc: e.HSMWATCH_DIGEST_HOUR_UTC,
    ...(e.HSMWATCH_EVENT_BUS_NAME && e.HSMWATCH_PUBLISH_INCIDENT_EVENTS === 'true'
      ? { incidentEventBus: e.HSMWATCH_EVENT_BUS_NAME }
      : {}),
  };
}
