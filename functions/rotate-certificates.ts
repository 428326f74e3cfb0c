/**
 * rotateCertificates: Luna Client Certificate Expiring (inside rotateBeforeDays), the manual
 * Rotate Client Certificate event, and a daily schedule that scans every target's clients.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { S3Client } from '@aws-sdk/client-s3';
import { buildAwsRemediation, type AwsRemediation } from '../src/adapters/aws/remediation-wiring';
import {
  handleRemediationEvent,
  rotateExpiringCertificates,
  type RemediationOutcome,
} from '../src/usecases/remediation';

const logger = new Logger({ serviceName: 'hsmwatch-rotate-certificates' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch-rotate-certificates' });
let cached: AwsRemediation | undefined;

/** Builds the dependencies once per container (the only module-level cache). */
function wiring(): AwsRemediation {
  cached ??= buildAwsRemediation(process.env, {
    s3: new S3Client({}),
    log: (level, message, fields) => logger[level](message, { ...fields }),
  });
  return cached;
}

const isSchedule = (e: unknown) => (e as { source?: string })?.source === 'aws.events';

/** EventBridge target (rule or schedule). */
export const handler = middy(async (event: unknown) => {
  const { deps, poller } = wiring();
  const outcomes: RemediationOutcome[] = isSchedule(event)
    ? await rotateExpiringCertificates(deps, poller.targets)
    : [await handleRemediationEvent(deps, event, 'cert-rotation')];
  for (const o of outcomes) metrics.addMetric(`Rotation_${o.outcome}`, MetricUnit.Count, 1);
  const summary = outcomes.map((o) => ({ outcome: o.outcome, planId: o.planId, reason: o.reason }));
  logger.info('rotation handled', { outcomes: summary });
  return { outcomes: summary };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
