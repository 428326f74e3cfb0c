/**
 * Slack sink through an incoming webhook (@slack/webhook). A 429 is waited out for its
 * Retry-After and retried, never dropped: after `maxRateLimitRetries` it throws, and the
 * Lambda's retries/DLQ keep it. Any other failure throws at once. The URL is never logged or
 * put into an error message.
 */
import { IncomingWebhook } from '@slack/webhook';
import type { FormatOptions } from '../../monitor/incidents/format';
import type { Notifier } from '../../monitor/incidents/ports';
import type { Digest, DigestNotifier } from '../../monitor/incidents/digest';
import type { Notification } from '../../monitor/incidents/types';
import { slackDigestMessage, slackMessage, type SlackMessage } from './slack-blocks';

/** Options of the Slack sink. */
export interface SlackNotifierOptions extends FormatOptions {
  /** The webhook URL, or a function returning it (e.g. from the secrets middleware's cache). */
  readonly webhookUrl: string | (() => string | Promise<string>);
  /** Sleep used for Retry-After (injected so tests advance time instead of waiting). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** 429s tolerated per message before giving up to the retry/DLQ path. Default 5. */
  readonly maxRateLimitRetries?: number;
  /** Used when a 429 has no parseable Retry-After. Default 1 s. */
  readonly defaultRetryAfterSeconds?: number;
  /** Per-request timeout, ms. Default 10 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/** A Slack delivery failure; never carries the URL. */
export class SlackDeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SlackDeliveryError';
  }
}

/** Posts Block Kit messages to a Slack incoming webhook. */
export class SlackNotifier implements Notifier, DigestNotifier {
  readonly name = 'slack';
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackNotifierOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async send(n: Notification): Promise<void> {
    await this.post(slackMessage(n, this.options));
  }

  async sendDigest(d: Digest): Promise<void> {
    await this.post(slackDigestMessage(d, this.options));
  }

  private async post(message: SlackMessage): Promise<void> {
    const url =
      typeof this.options.webhookUrl === 'function'
        ? await this.options.webhookUrl()
        : this.options.webhookUrl;
    let retryAfter: string | null = null;
    const baseFetch = this.options.fetch ?? globalThis.fetch;
    // @slack/webhook does not expose response headers on errors, so we note Retry-After here.
    const fetchFn = async (input: string | URL, init?: RequestInit) => {
      const res = await baseFetch(input, init);
      retryAfter = res.headers.get('retry-after');
      return res;
    };
    const webhook = new IncomingWebhook(url, {
      fetch: fetchFn as never,
      timeout: this.options.timeoutMs ?? 10_000,
    });
    const max = this.options.maxRateLimitRetries ?? 5;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await webhook.send({ text: message.text, blocks: message.blocks as never });
        return;
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 429 && attempt < max) {
          await this.sleep(retryAfterMs(retryAfter, this.options.defaultRetryAfterSeconds ?? 1));
          continue;
        }
        const name = (err as Error).name ?? 'Error';
        // Message built from status/name only: the webhook URL must never reach logs.
        throw new SlackDeliveryError(
          status ? `Slack webhook answered HTTP ${status}` : `Slack webhook request failed (${name})`,
          status,
          status === undefined || status === 429 || status >= 500,
        );
      }
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms (never negative, at most 15 min). */
export function retryAfterMs(header: string | null, fallbackSeconds: number): number {
  if (header) {
    const secs = Number(header);
    if (Number.isFinite(secs)) return Math.min(Math.max(0, secs * 1000), 900_000);
    const when = Date.parse(header);
    if (Number.isFinite(when)) return Math.min(Math.max(0, when - Date.now()), 900_000);
  }
  return fallbackSeconds * 1000;
}
