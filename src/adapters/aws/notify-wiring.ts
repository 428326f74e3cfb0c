/**
 * The alerting handlers' composition in AWS: the incident, ledger, silence and record stores on
 * the one table, and the SNS/Slack sinks. notify also publishes incident events; the digest
 * does not (it sends no transitions).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { AlertingConfig } from '../../config/alerting-config';
import type { Notifier } from '../../monitor/incidents/ports';
import { IncidentEventNotifier, type NotifyDeps } from '../../usecases/notify';
import { DynamoIncidentStore, DynamoNotificationLedger } from '../dynamo/incident-store';
import { ResourceStore } from '../dynamo/resource-store';
import { DynamoSilenceStore } from '../dynamo/silence-store';
import { SlackNotifier } from '../slack/slack-notifier';
import { SnsNotifier } from '../sns/sns-notifier';
import { awsDocumentClient, awsEventPublisher } from './aws-clients';

/** What the handler adds to the configuration. */
export interface AwsNotifyOptions {
  /** The function's name, for the missing-table error. */
  readonly functionName: string;
  /** The Slack webhook URL as the secrets middleware last fetched it; absent: no Slack. */
  readonly slackWebhookUrl?: () => string;
  /** Also publish `Incident …` events when the config names a bus. */
  readonly publishIncidentEvents: boolean;
  readonly onMetric: (name: string, value: number) => void;
}

/** The dependencies and the human-facing sinks (SNS, Slack) among their notifiers. */
export interface AwsNotify {
  readonly deps: NotifyDeps;
  readonly sinks: (SnsNotifier | SlackNotifier)[];
}

/** Builds the alerting dependencies from the configuration and real AWS clients. */
export function buildAwsNotify(config: AlertingConfig, options: AwsNotifyOptions): AwsNotify {
  const { tableName, readmeUrl, snsTopicArn: topicArn } = config;
  if (!tableName) throw new Error(`HSMWATCH_TABLE_NAME is required for ${options.functionName}`);
  const doc = awsDocumentClient();
  const sinks: (SnsNotifier | SlackNotifier)[] = [];
  if (topicArn) sinks.push(new SnsNotifier(new SNSClient({}), { topicArn, readmeUrl }));
  if (options.slackWebhookUrl)
    sinks.push(new SlackNotifier({ webhookUrl: options.slackWebhookUrl, readmeUrl }));
  const notifiers: Notifier[] = [...sinks];
  if (options.publishIncidentEvents && config.incidentEventBus)
    notifiers.push(new IncidentEventNotifier(awsEventPublisher(config.incidentEventBus)));
  const deps: NotifyDeps = {
    incidents: new DynamoIncidentStore(doc, tableName),
    ledger: new DynamoNotificationLedger(doc, tableName),
    silences: new DynamoSilenceStore(doc, tableName),
    records: new ResourceStore({ doc, tableName }),
    notifiers,
    policy: config.policy,
    now: () => new Date(),
    leaseSeconds: config.leaseSeconds,
    onMetric: options.onMetric,
  };
  return { deps, sinks };
}
