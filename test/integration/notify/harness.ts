/**
 * End-to-end harness for alerting: the real emulator (simulated clock), dynalite, the real client
 * and poller, the notify use case on real DynamoDB stores, a local HTTP server standing in for the
 * Slack webhook, and SNS through aws-sdk-client-mock. Clocks follow the emulator; the Slack
 * Retry-After wait is recorded instead of slept.
 */
import { randomUUID } from 'node:crypto';
import { SNSClient, PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudHsmClient } from '../../../src/cloudhsm/client';
import { DEFAULT_CREDENTIALS, DEFAULT_REGION } from '../../../src/emulator';
import { ResourceStore } from '../../../src/adapters/dynamo/resource-store';
import { DynamoIncidentStore, DynamoNotificationLedger } from '../../../src/adapters/dynamo/incident-store';
import { DynamoSilenceStore } from '../../../src/adapters/dynamo/silence-store';
import { SnsNotifier } from '../../../src/adapters/sns/sns-notifier';
import { SlackNotifier } from '../../../src/adapters/slack/slack-notifier';
import { DEFAULT_POLICY } from '../../../src/monitor/incidents/policy';
import type { AlertPolicy } from '../../../src/monitor/incidents/types';
import type { EventBridgeEnvelope, HsmwatchEvent } from '../../../src/monitor/events';
import type { Target } from '../../../src/monitor/records';
import { pollTarget } from '../../../src/usecases/poll/poll-target';
import {
  handleAlertEvent,
  parseAlertEnvelope,
  type NotifyDeps,
  type NotifyOutcome,
} from '../../../src/usecases/notify';
import type { SilenceDeps } from '../../../src/usecases/silences';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { freshTable, type DynaliteHandle } from '../../support/dynamo';
import { startFakeSlack, type FakeSlack } from '../../unit/adapters/slack/fake-slack';

export const TARGET: Target = { accountId: DEFAULT_CREDENTIALS.accountId, region: DEFAULT_REGION };
export const README = 'https://example.test/hsmwatch/README.md';
export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:hsmwatch-test-alerts';

// aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
export const snsMock = mockClient(SNSClient as unknown as Parameters<typeof mockClient>[0]);
const Publish = PublishCommand as unknown as Parameters<(typeof snsMock)['on']>[0];

/** Inputs of every SNS Publish so far. */
export function snsPublished(): PublishCommandInput[] {
  return snsMock.commandCalls(Publish).map((c) => c.args[0].input as PublishCommandInput);
}

/** Wraps an event as EventBridge would deliver it. */
export function envelopeOf(e: HsmwatchEvent<unknown>): EventBridgeEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': e.detailType,
    source: e.source,
    account: TARGET.accountId,
    time: e.time,
    region: TARGET.region,
    resources: [...(e.resources ?? [])],
    detail: e.detail,
  };
}

/** One test's world. */
export interface AlertWorld {
  readonly emu: TestEmulator;
  readonly slack: FakeSlack;
  /** Retry-After waits the Slack sink asked for (ms). */
  readonly slept: number[];
  readonly deps: NotifyDeps;
  readonly silenceDeps: SilenceDeps;
  now(): Date;
  /** Advances the emulator's clock (and ours with it). */
  advance(seconds: number): Promise<void>;
  /** Polls the target once; returns the events the poller published. */
  poll(): Promise<HsmwatchEvent<unknown>[]>;
  /** Delivers events to notify `copies` times each (copies run concurrently). */
  deliver(events: readonly HsmwatchEvent<unknown>[], copies?: number): Promise<NotifyOutcome[]>;
  close(): Promise<void>;
}

/** Starts emulator + fresh table + fake Slack; SNS is the shared mock (reset per world). */
export async function startAlertWorld(
  db: DynaliteHandle,
  policy: AlertPolicy = DEFAULT_POLICY,
): Promise<AlertWorld> {
  const emu = await startTestEmulator();
  const slack = await startFakeSlack();
  const tableName = await freshTable(db);
  let current = new Date(await emu.admin.now());
  const now = () => new Date(current);
  const slept: number[] = [];
  snsMock.reset();
  snsMock.on(Publish).resolves({ MessageId: 'm' } as never);
  const resourceStore = new ResourceStore({ doc: db.doc, tableName, now });
  const client = new CloudHsmClient({
    region: TARGET.region,
    endpoint: emu.url,
    credentials: DEFAULT_CREDENTIALS,
  });
  const silences = new DynamoSilenceStore(db.doc, tableName);
  const deps: NotifyDeps = {
    incidents: new DynamoIncidentStore(db.doc, tableName),
    ledger: new DynamoNotificationLedger(db.doc, tableName),
    silences,
    records: resourceStore,
    notifiers: [
      new SlackNotifier({
        webhookUrl: slack.url,
        readmeUrl: README,
        sleep: async (ms) => void slept.push(ms),
      }),
      new SnsNotifier(new SNSClient({ region: 'us-east-1' }), { topicArn: TOPIC, readmeUrl: README }),
    ],
    policy,
    now,
  };
  return {
    emu,
    slack,
    slept,
    deps,
    silenceDeps: { silences, now, newId: () => randomUUID() },
    now,
    async advance(seconds) {
      current = new Date((await emu.admin.advanceClock(seconds)).now);
    },
    async poll() {
      const events: HsmwatchEvent<unknown>[] = [];
      await pollTarget(
        {
          api: client,
          store: resourceStore,
          publisher: { publish: async (e) => void events.push(...e) },
          now,
          newId: () => randomUUID(),
        },
        TARGET,
      );
      return events;
    },
    async deliver(events, copies = 1) {
      const out: NotifyOutcome[] = [];
      for (const e of events) {
        const env = envelopeOf(e);
        const runs = Array.from({ length: copies }, () => handleAlertEvent(deps, parseAlertEnvelope(env)));
        for (const r of await Promise.allSettled(runs)) {
          if (r.status === 'fulfilled') out.push(r.value);
          // What EventBridge does with a copy that found the other one mid-delivery: retry it later.
          else if ((r.reason as Error).name === 'NotificationInProgressError') {
            out.push(await handleAlertEvent(deps, parseAlertEnvelope(env)));
          } else throw r.reason;
        }
      }
      return out;
    },
    async close() {
      client.destroy();
      await slack.stop();
      await emu.stop();
    },
  };
}

/** The kind and problem of each Slack message accepted, in order: `opened hapg-degraded`. */
export function slackKinds(slack: FakeSlack): string[] {
  return slack.accepted.map((b) => String(b.text));
}
