/**
 * The environment the handlers get locally: what serverless.yml gives them, with the AWS
 * resources swapped for local ones (dynalite, the local AWS fake, the emulator) and quiet
 * Powertools output so the terminal shows the story, not JSON logs.
 */
import type { Target } from '../monitor/records';
import type { LocalServiceConfig } from './serverless-config';

/** Inputs of the local environment. */
export interface LocalEnvInputs {
  readonly config: LocalServiceConfig;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly awsEnv: Readonly<Record<string, string>>;
  readonly target: Target;
  readonly region: string;
  readonly accountId: string;
  readonly remediationMode: 'dryRun' | 'approve' | 'auto';
  /** Emulator credentials; absent against a real endpoint (default credentials apply). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly slackSecretName?: string;
  readonly logLevel?: string;
}

/** Local bus name and alert topic (the fakes accept any name). */
export const LOCAL_BUS = 'hsmwatch-local';

/** Builds the handlers' environment (merged over every function's serverless.yml environment). */
export function buildLocalEnv(i: LocalEnvInputs): Record<string, string> {
  const env: Record<string, string> = {};
  // Functions' own variables differ only in which ones they carry, so one merged set serves all.
  for (const fn of i.config.functions) Object.assign(env, fn.environment);
  delete env['NODE_OPTIONS'];
  delete env['HSMWATCH_SLACK_SECRET_NAME'];
  Object.assign(env, i.awsEnv, {
    AWS_REGION: i.region,
    AWS_DEFAULT_REGION: i.region,
    AWS_ENDPOINT_URL_DYNAMODB: i.dynamoEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    HSMWATCH_STAGE: 'local',
    HSMWATCH_TABLE_NAME: i.tableName,
    HSMWATCH_EVENT_BUS_NAME: LOCAL_BUS,
    HSMWATCH_TARGETS: JSON.stringify([i.target]),
    HSMWATCH_POLL_QUEUE_URL: `${i.awsEnv['AWS_ENDPOINT_URL_SQS'] ?? 'http://127.0.0.1'}/${i.accountId}/hsmwatch-local-poll`,
    HSMWATCH_SNS_TOPIC_ARN: `arn:aws:sns:${i.region}:${i.accountId}:hsmwatch-local-alerts`,
    HSMWATCH_REMEDIATION_MODE: i.remediationMode,
    // Locally: make new certificates (no client host puts one in Secrets Manager), keep
    // bundles in the local Secrets Manager, and verify quickly against the emulator.
    HSMWATCH_REMEDIATION_CERT_SOURCE: 'generate',
    HSMWATCH_REMEDIATION_BUNDLE_STORE: 'secretsManager',
    HSMWATCH_REMEDIATION_VERIFY_INTERVAL_SECONDS: '1',
    HSMWATCH_REMEDIATION_VERIFY_TIMEOUT_SECONDS: '30',
    HSMWATCH_REMEDIATION_RETRY_DELAY_SECONDS: '0',
    POWERTOOLS_LOG_LEVEL: i.logLevel ?? process.env['HSMWATCH_LOG_LEVEL'] ?? 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_IDEMPOTENCY_DISABLED: 'false',
  });
  delete env['HSMWATCH_REMEDIATION_BUNDLE_BUCKET'];
  if (i.credentials) {
    env['AWS_ACCESS_KEY_ID'] = i.credentials.accessKeyId;
    env['AWS_SECRET_ACCESS_KEY'] = i.credentials.secretAccessKey;
  }
  if (i.slackSecretName) env['HSMWATCH_SLACK_SECRET_NAME'] = i.slackSecretName;
  return env;
}

/** Sets variables on process.env; returns a function that restores the previous values. */
export function applyEnv(env: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    previous.set(k, process.env[k]);
    process.env[k] = v;
  }
  return () => {
    for (const [k, v] of previous) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
