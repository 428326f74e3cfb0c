/**
 * The remediation handlers' composition in AWS: poller config (targets, table, bus), per-target
 * CloudHSM clients through STS, DynamoDB, EventBridge and Secrets Manager, handed to
 * buildRemediationDeps. remediate and rotate-certificates differ only in the use case they call.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parsePollerConfig, type PollerConfig } from '../../config/poller-config';
import type { RemediationDeps } from '../../usecases/remediation';
import { buildRemediationDeps } from '../certificates/remediation-deps';
import { SecretsManagerSecrets } from '../certificates/secrets';
import { awsDocumentClient, awsEventPublisher } from './aws-clients';
import { awsTargetClientFactory } from './target-clients';

/** What the handler adds to the environment. */
export interface AwsRemediationOptions {
  readonly log: NonNullable<RemediationDeps['log']>;
  /** Needed when the bundle store is `s3`. */
  readonly s3?: S3Client;
}

/** The built dependencies and the poller configuration they came from (its targets). */
export interface AwsRemediation {
  readonly deps: RemediationDeps;
  readonly poller: PollerConfig;
}

/** Builds the remediation dependencies from the environment and real AWS clients. */
export function buildAwsRemediation(
  env: Readonly<Record<string, string | undefined>>,
  options: AwsRemediationOptions,
): AwsRemediation {
  const poller = parsePollerConfig(env);
  const factory = awsTargetClientFactory(poller);
  // An event names account and region only: use the configured target (role, endpoint, rate).
  const byKey = new Map(poller.targets.map((t) => [`${t.accountId}#${t.region}`, t]));
  const deps = buildRemediationDeps({
    env,
    doc: awsDocumentClient(),
    tableName: poller.tableName,
    publisher: awsEventPublisher(poller.eventBusName),
    api: (t) => factory.forTarget(byKey.get(`${t.accountId}#${t.region}`) ?? t).client,
    secrets: new SecretsManagerSecrets(new SecretsManagerClient({})),
    ...(options.s3 ? { s3: options.s3 } : {}),
    log: options.log,
  });
  return { deps, poller };
}
