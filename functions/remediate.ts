/** remediate: HAPG State Changed (DEGRADED) and HAPG Action Failed → plan, and per mode repair. */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { parsePollerConfig } from '../src/config/poller-config';
import { EventBridgePublisher } from '../src/adapters/eventbridge/eventbridge-publisher';
import { TargetClientFactory } from '../src/adapters/sts/target-client-factory';
import { SecretsManagerSecrets } from '../src/adapters/certificates/secrets';
import { buildRemediationDeps } from '../src/adapters/certificates/remediation-deps';
import { handleRemediationEvent, type RemediationDeps } from '../src/usecases/remediation';

const logger = new Logger({ serviceName: 'hsmwatch-remediate' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch-remediate' });
let cached: RemediationDeps | undefined;

/** Builds the dependencies once per container (the only module-level cache). */
function deps(): RemediationDeps {
  if (cached) return cached;
  const base = parsePollerConfig(process.env);
  const factory = new TargetClientFactory({ sts: new STSClient({}), defaultEndpoint: base.cloudHsmEndpoint });
  const byKey = new Map(base.targets.map((t) => [`${t.accountId}#${t.region}`, t]));
  cached = buildRemediationDeps({
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
    log: (level, message, fields) => logger[level](message, { ...fields }),
  });
  return cached;
}

/** EventBridge target: one envelope per invocation. */
export const handler = middy(async (event: unknown) => {
  const outcome = await handleRemediationEvent(deps(), event, 'hapg-repair');
  metrics.addMetric(`Remediation_${outcome.outcome}`, MetricUnit.Count, 1);
  logger.info('remediation handled', {
    outcome: outcome.outcome,
    planId: outcome.planId,
    reason: outcome.reason,
  });
  return { outcome: outcome.outcome, planId: outcome.planId, reason: outcome.reason };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
