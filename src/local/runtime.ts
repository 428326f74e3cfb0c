/**
 * The embedded runtime: the whole of hsmwatch on one machine, no AWS and no network. The
 * emulator runs in-process on a simulated clock, dynalite holds the table, the local AWS fake
 * stands in for EventBridge/SQS/SNS/Secrets Manager, and the real handlers (functions/*.ts) run
 * in-process, wired by the EventBridge rules of serverless.yml through the LocalEventBus.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_CREDENTIALS, startEmulator, type EmulatorHandle, type SeedRequest } from '../emulator/index';
import { EmulatorAdminClient } from '../emulator/admin-client';
import type { Target } from '../monitor/records';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../config/local-config';
import { HandlerInvoker } from './handler-invoker';
import { startLocalAws, type LocalAwsHandle, type LocalSnsMessage } from './local-aws';
import { LocalEventBus, type PublishedEvent } from './local-event-bus';
import { startLocalDynamo, type LocalDynamo } from './persistent-dynalite';
import { applyEnv, buildLocalEnv } from './runtime-env';
import { loadServiceConfig, type LocalServiceConfig } from './serverless-config';

/** The demo fleet: 6 HSMs across 3 AZs, 2 HAPGs of 3 members, 3 clients. */
export const DEMO_FLEET: SeedRequest = { hsms: 6, hapgs: 2, clients: 3, membersPerHapg: 3, seed: 7 };

export interface LocalRuntimeOptions {
  /** Monitor this real CloudHSM endpoint (default credentials, dry-run) instead of the emulator. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Account of the real endpoint's target (the emulator's is 123456789012). */
  readonly accountId?: string;
  /** Keep the table on disk here (LevelDB); default in memory. */
  readonly dbPath?: string;
  /** Emulator state file: the fleet survives restarts (CLI local state). */
  readonly emulatorStateFile?: string;
  /** Seed this fleet when the emulator is empty (default DEMO_FLEET). */
  readonly seed?: SeedRequest | false;
  /** Append every event here (`hsmwatch events tail`); truncated at start when `resetEvents`. */
  readonly eventsFile?: string;
  readonly resetEvents?: boolean;
  readonly remediationMode?: 'dryRun' | 'approve' | 'auto';
  /** Also deliver notifications to this Slack incoming webhook. */
  readonly slackWebhookUrl?: string;
  /** Alert messages (the local SNS topic); default: ignored. */
  readonly onAlert?: (message: LocalSnsMessage) => void;
  /** Emulator seconds per wall-clock second while handlers run (default 10). */
  readonly clockWarp?: number;
  /** Powertools log level for the handlers (default SILENT). */
  readonly logLevel?: string;
  readonly tableName?: string;
}

/** What one `pollOnce` did. */
export interface PollOutcome {
  readonly target: Target;
  /** The Poll Completed / Poll Failed event's detail data, when one was published. */
  readonly completed?: Readonly<Record<string, unknown>>;
  readonly failed: boolean;
  readonly events: readonly PublishedEvent[];
}

/** A running local runtime. */
export interface LocalRuntime {
  readonly config: LocalServiceConfig;
  readonly target: Target;
  readonly emulator?: EmulatorHandle;
  readonly admin?: EmulatorAdminClient;
  readonly dynamo: LocalDynamo;
  readonly bus: LocalEventBus;
  readonly aws: LocalAwsHandle;
  readonly invoker: HandlerInvoker;
  /** dispatch → poll (per queued message) → deliver every resulting event. */
  pollOnce(): Promise<PollOutcome>;
  /** The daily certificate sweep (rotateCertificates on its schedule). */
  rotationSweep(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the runtime. Sets process.env for the handlers (restored by stop()). */
export async function startLocalRuntime(opts: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const region = opts.region ?? LOCAL_REGION;
  const accountId = opts.endpoint ? (opts.accountId ?? '000000000000') : LOCAL_ACCOUNT_ID;
  const config = loadServiceConfig({ stage: 'local', region });
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    let emulator: EmulatorHandle | undefined;
    let admin: EmulatorAdminClient | undefined;
    if (!opts.endpoint) {
      emulator = await startEmulator({
        port: 0,
        clock: 'simulated',
        startTime: new Date().toISOString(),
        updateDelaySeconds: 5,
        provisioningDelaySeconds: 10,
        ...(opts.emulatorStateFile ? { stateFile: opts.emulatorStateFile } : {}),
      });
      cleanups.push(() => emulator!.stop());
      admin = new EmulatorAdminClient(emulator.url);
      const state = await admin.state();
      const empty = !state.regions.some((r) => r.hsms.length || r.hapgs.length || r.clients.length);
      if (empty && opts.seed !== false) await admin.seed({ ...(opts.seed ?? DEMO_FLEET), accountId, region });
    }
    const target: Target = { accountId, region, endpoint: opts.endpoint ?? emulator!.url };
    const dynamo = await startLocalDynamo({
      tableName: opts.tableName ?? 'hsmwatch-local',
      ...(opts.dbPath ? { path: opts.dbPath } : {}),
    });
    cleanups.push(() => dynamo.stop());

    const invoker = new HandlerInvoker(config.functions, { region, accountId, stage: 'local' });
    const bus = new LocalEventBus({
      rules: config.rules,
      account: accountId,
      region,
      invoke: (fn, envelope) => invoker.invoke(fn, envelope),
    });
    if (opts.eventsFile) {
      const file = opts.eventsFile;
      mkdirSync(dirname(file), { recursive: true });
      if (opts.resetEvents) writeFileSync(file, '');
      bus.subscribe((e) => appendFileSync(file, `${JSON.stringify(e)}\n`));
    }
    const queued: string[] = [];
    const aws = await startLocalAws({
      bus,
      region,
      accountId,
      onSqsMessage: (_url, body) => void queued.push(body),
      onSnsPublish: (m) => opts.onAlert?.(m),
    });
    cleanups.push(() => aws.stop());
    const slackSecretName = opts.slackWebhookUrl ? 'hsmwatch/slack-webhook' : undefined;
    if (slackSecretName) aws.secrets.set(slackSecretName, opts.slackWebhookUrl!);
    const restoreEnv = applyEnv(
      buildLocalEnv({
        config,
        tableName: dynamo.tableName,
        dynamoEndpoint: dynamo.endpoint,
        awsEnv: aws.env,
        target,
        region,
        accountId,
        remediationMode: opts.endpoint ? 'dryRun' : (opts.remediationMode ?? 'dryRun'),
        ...(emulator ? { credentials: DEFAULT_CREDENTIALS } : {}),
        ...(slackSecretName ? { slackSecretName } : {}),
        ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
      }),
    );
    cleanups.push(restoreEnv);

    // While handlers run, emulator time moves `clockWarp`× faster than the wall clock, so
    // lifecycle delays (ModifyHapg UPDATING → READY) pass while remediation waits for them.
    const warp = opts.clockWarp ?? 10;
    const withWarp = async <T>(fn: () => Promise<T>): Promise<T> => {
      if (!admin) return fn();
      const timer = setInterval(() => void admin!.advanceClock(warp / 10).catch(() => undefined), 100);
      try {
        return await fn();
      } finally {
        clearInterval(timer);
      }
    };

    const runtime: LocalRuntime = {
      config,
      target,
      ...(emulator ? { emulator } : {}),
      ...(admin ? { admin } : {}),
      dynamo,
      bus,
      aws,
      invoker,
      async pollOnce() {
        const before = bus.published.length;
        await withWarp(async () => {
          await invoker.invoke('dispatch', scheduledEvent(region, accountId));
          for (let body = queued.shift(); body !== undefined; body = queued.shift()) {
            const out = (await invoker.invoke('poll', sqsEvent(body, region, accountId))) as {
              batchItemFailures?: unknown[];
            };
            if (out?.batchItemFailures?.length) throw new Error('the poll handler reported a failed target');
          }
          await bus.drain();
        });
        const events = bus.published.slice(before);
        const tick = events.find((e) =>
          ['Poll Completed', 'Poll Failed'].includes(e.envelope['detail-type']),
        );
        const data = (tick?.envelope.detail as { data?: Record<string, unknown> } | undefined)?.data;
        return {
          target,
          ...(data ? { completed: data } : {}),
          failed: events.some((e) => e.envelope['detail-type'] === 'Poll Failed'),
          events,
        };
      },
      async rotationSweep() {
        await withWarp(async () => {
          await invoker.invoke('rotateCertificates', scheduledEvent(region, accountId));
          await bus.drain();
        });
      },
      async stop() {
        for (const c of cleanups.reverse()) await c();
        cleanups.length = 0;
      },
    };
    return runtime;
  } catch (err) {
    for (const c of cleanups.reverse()) await c();
    throw err;
  }
}

function scheduledEvent(region: string, account: string): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString(),
    region,
    resources: [],
    detail: {},
  };
}

function sqsEvent(body: string, region: string, account: string): Record<string, unknown> {
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:${account}:hsmwatch-local-poll`,
        awsRegion: region,
      },
    ],
  };
}
