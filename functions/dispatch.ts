/** dispatch: on schedule, sends one poll message per configured target to the poll queue. */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parsePollerConfig, type PollerConfig } from '../src/config/poller-config';
import { SqsPollQueue } from '../src/adapters/sqs/poll-queue';
import { dispatchToQueue } from '../src/usecases/poll/dispatch';

const logger = new Logger({ serviceName: 'hsmwatch-dispatch' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch-dispatch' });
let cached: { config: PollerConfig; queue: SqsPollQueue } | undefined;

/** Builds config and the queue once per container. */
function deps(): { config: PollerConfig; queue: SqsPollQueue } {
  if (cached) return cached;
  const config = parsePollerConfig(process.env);
  if (!config.pollQueueUrl) throw new Error('HSMWATCH_POLL_QUEUE_URL is required for dispatch');
  cached = { config, queue: new SqsPollQueue(new SQSClient({}), config.pollQueueUrl) };
  return cached;
}

/** Scheduled handler; throws when any target could not be dispatched (the alarm sees it). */
export const handler = middy(async () => {
  const { config, queue } = deps();
  const result = await dispatchToQueue(queue, config.targets, () => new Date());
  metrics.addMetric('TargetsDispatched', 'Count', result.dispatched);
  metrics.addMetric('DispatchFailures', 'Count', result.failed.length);
  if (result.failed.length) {
    logger.error('some targets were not dispatched', { failed: result.failed });
    throw new Error(`dispatch failed for ${result.failed.length} of ${config.targets.length} targets`);
  }
  logger.info('dispatched', { targets: result.dispatched });
  return result;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
