/**
 * The operation engine: validate, sign, send with per-attempt timeout and overall deadline,
 * classify, retry with backoff through the adaptive limiter, and check the response.
 */
import { randomInt } from 'node:crypto';
import {
  describeViolations,
  isOperationName,
  validateInput,
  type InputOf,
  type OperationName,
  type OutputOf,
} from '../model';
import { checkConfig, defaultEndpoint, type CloudHsmClientConfig } from './config';
import { defaultCredentialProvider, memoizeCredentials } from './credentials';
import {
  AbortedError,
  AuthError,
  ClientValidationError,
  CloudHsmError,
  errorFromResponse,
  ResponseParseError,
  ThrottlingError,
  TimeoutError,
} from './errors';
import { emit, type ClientHooks } from './hooks';
import { isAmbiguousFailure, isIdempotent, withIdempotencyToken } from './idempotency';
import { AdaptiveRateLimiter } from './rate-limiter';
import { parseOutput } from './response-check';
import { backoffDelay, transportErrorFrom, type RetryStrategyOptions } from './retry-policy';
import { RequestSigner } from './signer';
import { raceSignal, sleep as realSleep, type SleepFn } from './sleep';
import { HttpTransport, ResponseTooLargeError, type Transport, type WireResponse } from './transport';

/** Per-call options. */
export interface CallOptions {
  /** Abort the call (and any retry wait) from outside. */
  readonly signal?: AbortSignal;
}

const USER_AGENT = 'hsmwatch-cloudhsm-client/0.1';

/** Idempotency tokens must be unpredictable across processes, so not the injectable `random`. */
const randomToken = (): number => randomInt(0, 2 ** 32) / 2 ** 32;

/** Sends operations; CloudHsmClient adds the typed methods on top. */
export class OperationSender {
  readonly endpoint: URL;
  readonly region: string;
  readonly rateLimiter: AdaptiveRateLimiter;
  private readonly signer: RequestSigner;
  private readonly transport: Transport;
  private readonly maxAttempts: number;
  private readonly attemptTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly retry: RetryStrategyOptions;
  private readonly hooks: ClientHooks | undefined;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly sleep: SleepFn;
  private readonly retryAmbiguousWrites: boolean;

  constructor(config: CloudHsmClientConfig) {
    checkConfig(config);
    this.region = config.region;
    this.endpoint = new URL(config.endpoint ?? defaultEndpoint(config.region));
    this.now = config.now ?? Date.now;
    this.random = config.random ?? Math.random;
    this.sleep = config.sleep ?? realSleep;
    this.hooks = config.hooks;
    this.retryAmbiguousWrites = config.retryAmbiguousWrites ?? false;
    this.maxAttempts = Math.floor(config.maxAttempts ?? 5);
    this.attemptTimeoutMs = config.attemptTimeoutMs ?? 5000;
    this.deadlineMs = config.deadlineMs ?? 60_000;
    this.retry = {
      ...config.retryStrategy,
      ...(config.baseDelayMs === undefined ? {} : { baseDelayMs: config.baseDelayMs }),
      ...(config.maxDelayMs === undefined ? {} : { maxDelayMs: config.maxDelayMs }),
    };
    this.rateLimiter = config.rateLimiter ?? new AdaptiveRateLimiter();
    this.transport = config.transport ?? new HttpTransport({ maxSockets: config.maxSockets ?? 50 });
    const credentials = memoizeCredentials(config.credentials ?? defaultCredentialProvider(), this.now);
    this.signer = new RequestSigner(config.region, credentials);
  }

  /** Closes keep-alive sockets. */
  destroy(): void {
    this.transport.destroy();
  }

  /** Sends one operation with retries; resolves with the checked output or throws a CloudHsmError. */
  async send<K extends OperationName>(
    operation: K,
    input: InputOf<K>,
    options: CallOptions = {},
  ): Promise<OutputOf<K>> {
    const started = this.now();
    if (!isOperationName(operation)) {
      throw new ClientValidationError({
        message: `Unknown operation ${String(operation)}`,
        violations: [
          { member: 'operation', constraint: 'unknown', message: `Unknown operation ${String(operation)}` },
        ],
      });
    }
    const payload = input ?? {};
    const violations = validateInput(operation, payload);
    if (violations.length > 0) {
      const err = new ClientValidationError({
        message: describeViolations(violations),
        violations,
        operation,
      });
      emit(this.hooks, 'onComplete', { operation, attempts: 0, ok: false, errorName: err.name, totalMs: 0 });
      throw err;
    }
    const body = JSON.stringify(withIdempotencyToken(operation, payload, randomToken));
    const deadline = new AbortController();
    const deadlineTimer = setTimeout(() => {
      deadline.abort(
        new TimeoutError({
          kind: 'deadline',
          message: `${operation} exceeded its ${this.deadlineMs} ms deadline`,
          operation,
        }),
      );
    }, this.deadlineMs);
    const overall = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    let attempt = 0;
    try {
      for (;;) {
        await this.waitOrThrow(this.rateLimiter.acquire(overall), operation, options.signal, overall);
        attempt++;
        const outcome = await this.attempt(operation, body, attempt, overall, options.signal);
        if (!(outcome instanceof CloudHsmError)) {
          emit(this.hooks, 'onComplete', {
            operation,
            attempts: attempt,
            ok: true,
            totalMs: this.now() - started,
          });
          return outcome as OutputOf<K>;
        }
        if (!outcome.retryable || attempt >= this.maxAttempts) throw outcome;
        if (!this.retryAmbiguousWrites && !isIdempotent(operation) && isAmbiguousFailure(outcome))
          throw outcome;
        const delayMs = backoffDelay(attempt, outcome, this.retry, this.random);
        emit(this.hooks, 'onRetry', { operation, attempt, delayMs, errorCode: outcome.code });
        await this.waitOrThrow(this.sleep(delayMs, overall), operation, options.signal, overall, outcome);
      }
    } catch (e) {
      const err = e instanceof CloudHsmError ? e : this.abortError(e, operation, options.signal, overall);
      err.attempts = attempt;
      emit(this.hooks, 'onComplete', {
        operation,
        attempts: attempt,
        ok: false,
        errorName: err.name,
        totalMs: this.now() - started,
      });
      throw err;
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  /** One attempt: returns the parsed output, or the (not yet thrown) error it failed with. */
  private async attempt(
    operation: OperationName,
    body: string,
    attempt: number,
    overall: AbortSignal,
    callerSignal: AbortSignal | undefined,
  ): Promise<unknown> {
    emit(this.hooks, 'onAttempt', { operation, attempt });
    const attemptCtl = new AbortController();
    const timer = setTimeout(() => {
      attemptCtl.abort(
        new TimeoutError({
          kind: 'attempt',
          message: `${operation} attempt ${attempt} timed out after ${this.attemptTimeoutMs} ms`,
          retryable: true,
          fault: 'server',
          operation,
        }),
      );
    }, this.attemptTimeoutMs);
    const signal = AbortSignal.any([overall, attemptCtl.signal]);
    const t0 = this.now();
    let res: WireResponse;
    try {
      let headers: Record<string, string>;
      try {
        // A hung credential provider must not outlive the attempt timeout or the deadline.
        headers = await raceSignal(
          this.signer.sign(this.endpoint, operation, body, new Date(this.now())),
          signal,
        );
      } catch (e) {
        if (signal.aborted) throw e;
        throw new AuthError({
          message: `${operation}: could not sign the request: credentials unavailable`,
          code: 'CredentialsProviderError',
          operation,
          cause: e,
        });
      }
      headers['user-agent'] = USER_AGENT;
      res = await this.transport.send({ url: this.endpoint, headers, body }, signal);
    } catch (e) {
      if (e instanceof AuthError) throw e;
      if (e instanceof ResponseTooLargeError)
        return new ResponseParseError({ message: `${operation}: ${e.message}`, operation, cause: e });
      if (signal.aborted) {
        const reason: unknown = signal.reason;
        // Only our per-attempt timeout is answered here; deadline and caller aborts end the call.
        if (reason instanceof TimeoutError && reason.kind === 'attempt') return reason;
        throw this.abortError(reason, operation, callerSignal, overall);
      }
      return transportErrorFrom(e, operation);
    } finally {
      clearTimeout(timer);
    }
    const latencyMs = this.now() - t0;
    const requestId = headerValue(res.headers, 'x-amzn-requestid');
    if (res.statusCode >= 200 && res.statusCode < 300) {
      emit(this.hooks, 'onResponse', { operation, attempt, statusCode: res.statusCode, latencyMs });
      this.rateLimiter.onSuccess();
      return parseOutput(operation, res.body, res.statusCode, requestId);
    }
    const err = errorFromResponse({
      operation,
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
      requestId,
    });
    emit(this.hooks, 'onResponse', {
      operation,
      attempt,
      statusCode: res.statusCode,
      latencyMs,
      errorCode: err.code,
    });
    if (err instanceof ThrottlingError) {
      this.rateLimiter.onThrottle();
      emit(this.hooks, 'onThrottle', { operation });
    } else {
      this.rateLimiter.onSuccess();
    }
    return err;
  }

  /** Awaits `p`, turning an abort into the right CloudHsmError. */
  private async waitOrThrow(
    p: Promise<void>,
    operation: string,
    callerSignal: AbortSignal | undefined,
    overall: AbortSignal,
    lastError?: CloudHsmError,
  ): Promise<void> {
    try {
      await p;
    } catch (e) {
      throw this.abortError(e, operation, callerSignal, overall, lastError);
    }
  }

  private abortError(
    reason: unknown,
    operation: string,
    callerSignal: AbortSignal | undefined,
    overall: AbortSignal,
    lastError?: CloudHsmError,
  ): CloudHsmError {
    if (callerSignal?.aborted) {
      return new AbortedError({
        message: `${operation} was aborted by the caller`,
        operation,
        cause: callerSignal.reason,
      });
    }
    const r = overall.aborted ? (overall.reason as unknown) : reason;
    if (r instanceof TimeoutError) {
      if (lastError === undefined) return r;
      return new TimeoutError({
        kind: r.kind,
        message: `${r.message} (last error: ${lastError.code})`,
        operation,
        cause: lastError,
      });
    }
    if (r instanceof CloudHsmError) return r;
    return transportErrorFrom(r, operation);
  }
}

function headerValue(headers: WireResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
