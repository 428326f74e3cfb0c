/** notify: hsmwatch events (EventBridge rule) → incidents → Slack/SNS notifications, exactly once. */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { loadAlertingConfig } from '../src/config/alerting-config';
import { slackWebhookMiddleware } from '../src/adapters/secrets/slack-webhook-secret';
import { buildAwsNotify } from '../src/adapters/aws/notify-wiring';
import { handleAlertEvent, parseAlertEnvelope, type NotifyDeps } from '../src/usecases/notify';

const logger = new Logger({ serviceName: 'hsmwatch' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch' });
const config = loadAlertingConfig(process.env);
const slackUrl = slackWebhookMiddleware(config.slack);
let deps: NotifyDeps | undefined;

/** Builds the dependencies once per container. */
function build(): NotifyDeps {
  deps ??= buildAwsNotify(config, {
    functionName: 'notify',
    ...(slackUrl ? { slackWebhookUrl: () => slackUrl.current() } : {}),
    publishIncidentEvents: true,
    onMetric: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
  }).deps;
  return deps;
}

/** EventBridge target. Throws after recording metrics when delivery failed: retries, then the DLQ. */
const base = middy(async (event: unknown) => {
  const facts = parseAlertEnvelope(event);
  const out = await handleAlertEvent(build(), facts);
  metrics.addMetric('OpenCriticalIncidents', MetricUnit.Count, out.openCritical);
  logger.info('event handled', {
    detailType: facts.detailType,
    eventId: facts.eventId,
    decided: out.decided.map((n) => n.id),
    delivered: out.delivered.length,
  });
  return { decided: out.decided.length, delivered: out.delivered.length };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
export const handler = slackUrl ? base.use(slackUrl) : base;
