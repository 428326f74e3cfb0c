/**
 * The poll composition shared by the Lambda handler, the local runtime and the bench: config +
 * ports in, `pollOne(target)` out. Adapters are passed in (no SDK here).
 */
import { randomUUID } from 'node:crypto';
import type { PollerConfig, TargetConfig } from '../../config/poller-config';
import type { EventPublisher } from '../../monitor/events';
import { pollTarget, type PollDeps, type PollResult } from './poll-target';
import type { ApiStats, CloudHsmReadApi, PollStore } from './ports';

/** Ports the runner needs. */
export interface PollRunnerDeps {
  readonly store: PollStore;
  readonly publisher: EventPublisher;
  readonly apiFor: (target: TargetConfig) => { api: CloudHsmReadApi; stats: () => ApiStats };
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly hooks?: PollDeps['hooks'];
}

/** Polls targets with the configured tunables. */
export class PollRunner {
  constructor(
    private readonly config: Pick<
      PollerConfig,
      | 'concurrency'
      | 'tagRefreshMinutes'
      | 'certExpiryWarningDays'
      | 'subscriptionWarningDays'
      | 'stallThresholdMinutes'
      | 'outboxReplayAfterSeconds'
    >,
    private readonly deps: PollRunnerDeps,
  ) {}

  /** One poll of one target. */
  pollOne(target: TargetConfig): Promise<PollResult> {
    const { api, stats } = this.deps.apiFor(target);
    const { maxRate: _ignored, ...plain } = target;
    return pollTarget(
      {
        api,
        apiStats: stats,
        store: this.deps.store,
        publisher: this.deps.publisher,
        now: this.deps.now ?? (() => new Date()),
        newId: this.deps.newId ?? randomUUID,
        hooks: this.deps.hooks,
      },
      plain,
      {
        concurrency: this.config.concurrency,
        tagRefreshMinutes: this.config.tagRefreshMinutes,
        certExpiryWarningDays: this.config.certExpiryWarningDays,
        subscriptionWarningDays: this.config.subscriptionWarningDays,
        stallThresholdMinutes: this.config.stallThresholdMinutes,
        outboxReplayAfterSeconds: this.config.outboxReplayAfterSeconds,
      },
    );
  }
}
