/**
 * The client's error hierarchy. Callers classify by `name` (or `instanceof`) and `retryable`,
 * never by message text. Every error carries the wire error code, HTTP status and request id
 * when the server sent them, and `cause` for anything underneath.
 */
import type { Violation } from '../model';

/** Where the fault lies, as in the AWS SDKs. */
export type Fault = 'client' | 'server';

/** Fields every CloudHsmError can carry. */
export interface CloudHsmErrorOptions {
  readonly message: string;
  readonly code?: string;
  readonly retryable?: boolean;
  readonly statusCode?: number;
  readonly requestId?: string;
  readonly fault?: Fault;
  readonly operation?: string;
  readonly cause?: unknown;
}

/** Base class of every error the CloudHSM client throws. */
export class CloudHsmError extends Error {
  override name = 'CloudHsmError';
  private readonly wireCode: string | undefined;
  readonly retryable: boolean;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly $fault: Fault;
  /** The action that failed, e.g. `DescribeHsm`. */
  readonly operation: string | undefined;
  /** Attempts made before giving up (set by the client on the error it finally throws). */
  attempts = 0;

  constructor(opts: CloudHsmErrorOptions) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    // `name` is a class field, not `new.target.name`: minifiers rename classes.
    this.wireCode = opts.code;
    this.retryable = opts.retryable ?? false;
    this.statusCode = opts.statusCode;
    this.requestId = opts.requestId;
    this.$fault = opts.fault ?? 'client';
    this.operation = opts.operation;
  }

  /** The wire error code (`InvalidRequestException`, `Throttling`, …), else the class name. */
  get code(): string {
    return this.wireCode ?? this.name;
  }
}

/** Modelled: a generic service-side refusal (400). Retryable only when the body says so. */
export class CloudHsmServiceException extends CloudHsmError {
  override name = 'CloudHsmServiceException';
}
/** Modelled: the request was invalid (400). Never retried. */
export class InvalidRequestException extends CloudHsmError {
  override name = 'InvalidRequestException';
}
/** Modelled: an internal service error (500). Retried. */
export class CloudHsmInternalException extends CloudHsmError {
  override name = 'CloudHsmInternalException';
}

/** `ThrottlingException` / `Throttling` (and the other throttling codes AWS uses). Retried. */
export class ThrottlingError extends CloudHsmError {
  override name = 'ThrottlingError';
}
/** Authentication or authorisation failed (403s, signature and token errors). Never retried. */
export class AuthError extends CloudHsmError {
  override name = 'AuthError';
}
/** Any other error code from the service (InvalidAction, ServiceUnavailable, …). */
export class UnmodeledServiceError extends CloudHsmError {
  override name = 'UnmodeledServiceError';
}
/** The connection failed (refused, reset, DNS …) before a response arrived. Retried. */
export class TransportError extends CloudHsmError {
  override name = 'TransportError';
}
/** An attempt timed out (`kind: 'attempt'`, retried) or the overall deadline passed (`'deadline'`). */
export class TimeoutError extends CloudHsmError {
  override name = 'TimeoutError';
  readonly kind: 'attempt' | 'deadline';
  constructor(opts: CloudHsmErrorOptions & { kind: 'attempt' | 'deadline' }) {
    super(opts);
    this.kind = opts.kind;
  }
}
/** The caller's AbortSignal fired. Never retried. */
export class AbortedError extends CloudHsmError {
  override name = 'AbortedError';
}
/** The response body was not JSON or did not match the model's output shape. */
export class ResponseParseError extends CloudHsmError {
  override name = 'ResponseParseError';
  readonly violations: readonly Violation[];
  constructor(opts: CloudHsmErrorOptions & { violations?: readonly Violation[] }) {
    super({ fault: 'server', ...opts });
    this.violations = opts.violations ?? [];
  }
}
/** A paginated listing could not complete (the server repeated a token or never ended). */
export class PaginationError extends CloudHsmError {
  override name = 'PaginationError';
}

/**
 * The input broke a model constraint, detected before anything was sent. It is an
 * InvalidRequestException (code and message as the server would give) so one `instanceof`
 * covers both sides; `member` names the first offending member.
 */
export class ClientValidationError extends InvalidRequestException {
  override name = 'ClientValidationError';
  readonly violations: readonly Violation[];
  readonly member: string;
  constructor(opts: CloudHsmErrorOptions & { violations: readonly Violation[] }) {
    super({ ...opts, code: 'InvalidRequestException', retryable: false, fault: 'client' });
    this.violations = opts.violations;
    this.member = opts.violations[0]?.member ?? '';
  }
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const AUTH_CODES = new Set([
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'RequestExpired',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'AccessDenied',
  'AccessDeniedException',
  'AuthFailure',
  'NotAuthorized',
  'OptInRequired',
]);

/** True when the code is one of the throttling codes the AWS SDKs recognise. */
export function isThrottlingCode(code: string | undefined): boolean {
  return code !== undefined && THROTTLING_CODES.has(code);
}

/**
 * Normalises a raw error code the way awsJson1.1 specifies (and the JS SDK does): drop anything
 * after `,` or `:` and anything before `#`. `aws.protocoltests#FooError:http://…` → `FooError`.
 */
export function sanitizeErrorCode(raw: string): string {
  let code = raw.trim();
  if (code.includes(',')) code = code.split(',')[0]!;
  if (code.includes(':')) code = code.split(':')[0]!;
  if (code.includes('#')) code = code.split('#')[1]!;
  return code.trim();
}

/** What the client learned from an error response. */
export interface ErrorResponseFacts {
  readonly operation: string;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly requestId?: string;
}

function header(headers: ErrorResponseFacts['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bodyField(body: Record<string, unknown>, ...names: string[]): unknown {
  // Member names differ in case between services (`message`/`Message`); match insensitively.
  const lower = names.map((n) => n.toLowerCase());
  for (const [k, v] of Object.entries(body)) if (lower.includes(k.toLowerCase())) return v;
  return undefined;
}

/**
 * Builds the typed error for a non-2xx response. The code is read from the
 * `x-amzn-errortype` header first, then the body's `code`, then `__type`.
 */
export function errorFromResponse(facts: ErrorResponseFacts): CloudHsmError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = facts.body ? JSON.parse(facts.body) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // Non-JSON error bodies (an HTML 502 from a proxy) still yield a typed error by status.
  }
  const headerCode = header(facts.headers, 'x-amzn-errortype');
  const codeField = bodyField(body, 'code');
  const typeField = body['__type'];
  const raw =
    headerCode ??
    (typeof codeField === 'string' ? codeField : undefined) ??
    (typeof typeField === 'string' ? typeField : undefined);
  const code = raw ? sanitizeErrorCode(raw) : `Http${facts.statusCode}`;
  const msg = bodyField(body, 'message', 'errormessage');
  const message =
    typeof msg === 'string' && msg
      ? msg
      : `${facts.operation} failed with HTTP ${facts.statusCode} (${code})`;
  const serverFault = facts.statusCode >= 500;
  const bodyRetryable = bodyField(body, 'retryable') === true;
  const common = {
    message,
    code,
    statusCode: facts.statusCode,
    requestId: facts.requestId,
    operation: facts.operation,
    fault: (serverFault ? 'server' : 'client') as Fault,
  };
  if (isThrottlingCode(code) || facts.statusCode === 429)
    return new ThrottlingError({ ...common, retryable: true });
  if (AUTH_CODES.has(code)) return new AuthError({ ...common, fault: 'client', retryable: false });
  switch (code) {
    case 'InvalidRequestException':
      return new InvalidRequestException({ ...common, fault: 'client', retryable: false });
    case 'CloudHsmServiceException':
      return new CloudHsmServiceException({ ...common, retryable: bodyRetryable || serverFault });
    case 'CloudHsmInternalException':
      return new CloudHsmInternalException({ ...common, fault: 'server', retryable: true });
  }
  const transient = serverFault || code === 'ServiceUnavailable' || code === 'InternalFailure';
  return new UnmodeledServiceError({ ...common, retryable: bodyRetryable || transient });
}
