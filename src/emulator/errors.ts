import { COMMON_ERRORS, MODELED_ERRORS, describeViolations, type Violation } from '../cloudhsm/model';

/** An error the emulator answers with: awsJson 1.1 `__type`, HTTP status and retryability. */
export class ApiError extends Error {
  readonly status: number;
  readonly retryable: boolean;

  constructor(name: string, message: string, opts: { status?: number; retryable?: boolean } = {}) {
    super(message);
    this.name = name;
    this.status = opts.status ?? defaultStatus(name);
    this.retryable = opts.retryable ?? (this.status >= 500 || /^Throttling/.test(name));
  }
}

/** The status an error name carries unless told otherwise (model errors, then common errors, else 400). */
export function defaultStatus(name: string): number {
  const modeled = (MODELED_ERRORS as Record<string, { status: number }>)[name];
  if (modeled) return modeled.status;
  const common = (COMMON_ERRORS as Record<string, number>)[name];
  return common ?? 400;
}

/** 400 InvalidRequestException: bad input, unknown resource, or a rule an operator expects. */
export function invalidRequest(message: string): ApiError {
  return new ApiError('InvalidRequestException', message);
}

/** 400 CloudHsmServiceException: the request is well-formed but the resource's state forbids it. */
export function serviceError(message: string): ApiError {
  return new ApiError('CloudHsmServiceException', message);
}

/** 400 InvalidRequestException for model violations; the message names every member. */
export function validationFailed(violations: readonly Violation[]): ApiError {
  return invalidRequest(describeViolations(violations));
}

/** 400 InvalidRequestException "... not found" for a well-formed but unknown identifier. */
export function notFound(kind: string, id: string): ApiError {
  return invalidRequest(`${kind} ${id} not found`);
}
