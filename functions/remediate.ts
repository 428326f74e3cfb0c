/** remediate: HAPG State Changed (DEGRADED) and HAPG Action Failed → plan, and per mode repair. */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { buildAwsRemediation, type AwsRemediation } from '../src/adapters/aws/remediation-wiring';
import { handleRemediationEvent } from '../src/usecases/remediation';

const logger = new Logger({ serviceName: 'hsmwatch-remediate' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch-remediate' });
let cached: AwsRemediation | undefined;

/** Builds the dependencies once per container (the only module-level cache). */
function wiring(): AwsRemediation {
  cached ??= buildAwsRemediation(process.env, {
    log: (level, message, fields) => logger[level](message, { ...fields }),
  });
  return cached;
}

/** EventBridge target: one envelope per invocation. */
export const handler = middy(async (event: unknown) => {
  const outcome = await handleRemediationEvent(wiring().deps, event, 'hapg-repair');
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
