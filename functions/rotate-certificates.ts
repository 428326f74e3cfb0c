/**
 * rotateCertificates: Luna Client Certificate Expiring (inside rotateBeforeDays), the manual
 * Rotate Client Certificate event, and a daily schedule that scans every target's clients.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { parsePollerConfig, type PollerConfig } from '../src/config/poller-config';
import { EventBridgePublisher } from '../src/adapters/eventbridge/eventbridge-publisher';
import { TargetClientFactory } from '../src/adapters/sts/target-client-factory';
import { SecretsManagerSecrets } from '../src/adapters/certificates/secrets';
import { buildRemediationDeps } from '../src/adapters/certificates/remediation-deps';
import {
  handleRemediationEvent,
  rotateExpiringCertificates,
  type RemediationDeps,
  type RemediationOutcome,
} from '../src/usecases/remediation';

const logger = new Logger({ serviceName: 'hsmwatch-rotate-certificates' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch-rotate-certificates' });
let cached: { deps: RemediationDeps; base: PollerConfig } | undefined;

/** Builds the dependencies once per container (the only module-level cache). */
function wiring(): { deps: RemediationDeps; base: PollerConfig } {
  if (cached) return cached;
  const base = parsePollerConfig(process.env);
  const factory = new TargetClientFactory({ sts: new STSClient({}), defaultEndpoint: base.cloudHsmEndpoint });
  const byKey = new Map(base.targets.map((t) => [`${t.accountId}#${t.region}`, t]));
  const deps = buildRemediationDeps({
    env: process.env,
    doc: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: base.tableName,
    publisher: new EventBridgePublisher({
      client: new EventBridgeClient({}),
      eventBusName: base.eventBusName,
    }),
    api: (t) => factory.forTarget(byKey.get(`${t.accountId}#${t.region}`) ?? t).client,
    secrets: new SecretsManagerSecrets(new SecretsManagerClient({})),
    s3: new S3Client({}),
    log: (level, message, fields) => logger[level](message, { ...fields }),
  });
  cached = { deps, base };
  return cached;
}

const isSchedule = (e: unknown) => (e as { source?: string })?.source === 'aws.events';

/** EventBridge target (rule or schedule). */
export const handler = middy(async (event: unknown) => {
  const { deps, base } = wiring();
  const outcomes: RemediationOutcome[] = isSchedule(event)
    ? await rotateExpiringCertificates(deps, base.targets)
    : [await handleRemediationEvent(deps, event, 'cert-rotation')];
  for (const o of outcomes) metrics.addMetric(`Rotation_${o.outcome}`, MetricUnit.Count, 1);
  logger.info('rotation handled', {
    outcomes: outcomes.map((o) => ({ outcome: o.outcome, planId: o.planId, reason: o.reason })),
  });
  return { outcomes: outcomes.map((o) => ({ outcome: o.outcome, planId: o.planId, reason: o.reason })) };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
