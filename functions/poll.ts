/** poll: consumes one SQS message per target and polls it (partial batch failures reported). */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { buildAwsPollRunner } from '../src/adapters/aws/poll-wiring';
import type { PollRunner } from '../src/usecases/poll/poll-runner';
import { pollMessageSchema } from '../src/usecases/poll/dispatch';
import { pollRunMetrics } from '../src/monitor/poll/poll-summary';

const logger = new Logger({ serviceName: 'hsmwatch-poll' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch-poll' });
let runner: PollRunner | undefined;

/** Builds the dependencies once per container (the only module-level cache). */
function deps(): PollRunner {
  runner ??= buildAwsPollRunner(process.env);
  return runner;
}

interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

/** SQS batch handler: each record is one target; failed ones are retried by SQS, then the DLQ. */
export const handler = middy(async (event: SqsEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const message = pollMessageSchema.parse(JSON.parse(record.body));
      const result = await deps().pollOne(message.target);
      for (const m of pollRunMetrics(result.run)) metrics.addMetric(m.name, m.unit, m.value);
      logger.info('poll finished', {
        target: message.target,
        status: result.status,
        events: result.run.events,
        errors: result.run.errors.length,
      });
    } catch (error) {
      logger.error('poll failed', { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
