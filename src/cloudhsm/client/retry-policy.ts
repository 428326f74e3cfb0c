/**
 * Which failures are retried and how long to wait. Exponential backoff with full jitter, as in
 * the AWS SDKs' standard mode (base 100 ms, throttles 500 ms, cap 20 s); we do not use
 * @smithy/util-retry's StandardRetryStrategy because its delays draw on Math.random and its
 * token/quota object model adds little over a few lines here, while we need injectable
 * randomness for deterministic tests. We also leave out its retry quota (a 500-token bucket that
 * stops retries client-wide during an outage): the shared adaptive limiter, maxAttempts and the
 * per-call deadline already bound the extra load.
 */
import type { CloudHsmError } from './errors';
import { ThrottlingError, TransportError } from './errors';

/**
 * The AWS SDK's backoff constants. Equal to @smithy/util-retry's DEFAULT_RETRY_DELAY_BASE,
 * THROTTLING_RETRY_DELAY_BASE and MAXIMUM_RETRY_DELAY (a unit test keeps them in sync); copied,
 * not imported, because with CommonJS-first bundling util-retry drags in a second full copy of
 * @smithy/core (about 130 KB).
 */
export const RETRY_DEFAULTS = { baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20_000 } as const;

/** Backoff tuning. */
export interface RetryStrategyOptions {
  /** Base delay of the exponential backoff (default 100 ms). */
  readonly baseDelayMs?: number;
  /** Base delay after a throttle (default 500 ms, the SDK's THROTTLING_RETRY_DELAY_BASE). */
  readonly throttlingBaseDelayMs?: number;
  /** Cap on a single delay (default 20 s). */
  readonly maxDelayMs?: number;
}

/** Socket error codes worth another attempt (the SDK's TRANSIENT_ERROR_CODES and a few more). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** Wraps a low-level error (socket, DNS …) into a TransportError, retryable when transient. */
export function transportErrorFrom(err: unknown, operation: string): TransportError {
  const code = (err as { code?: unknown } | null)?.code;
  const codeStr = typeof code === 'string' ? code : 'TransportError';
  const reason = err instanceof Error ? err.message : String(err);
  return new TransportError({
    message: `${operation}: connection failed (${codeStr}): ${reason}`,
    code: codeStr,
    retryable: TRANSIENT_CODES.has(codeStr) || codeStr === 'TransportError',
    fault: 'server',
    operation,
    cause: err,
  });
}

/** Delay before attempt `attempt + 1`, after attempt `attempt` failed with `error`. */
export function backoffDelay(
  attempt: number,
  error: CloudHsmError,
  opts: RetryStrategyOptions,
  random: () => number,
): number {
  const base =
    error instanceof ThrottlingError
      ? (opts.throttlingBaseDelayMs ?? RETRY_DEFAULTS.throttlingBaseDelayMs)
      : (opts.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs);
  const cap = opts.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
