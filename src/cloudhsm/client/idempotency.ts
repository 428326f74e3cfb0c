/**
 * When a failed attempt may be sent again. A throttle, an error response or a connection that
 * never opened means the service did not act, so any operation may be retried. An attempt that
 * timed out, or a connection reset after the request went out, is ambiguous: the service may have
 * acted. Retrying then is safe for reads and for idempotent writes, but a second DeleteHsm or
 * ModifyHapg would fail with "already TERMINATING"/"is UPDATING" and hide the first success, and
 * a second CreateHapg would create a duplicate. So ambiguous failures of those writes are
 * returned to the caller (who can Describe and decide) unless `retryAmbiguousWrites` is set.
 */
import { OPERATIONS, type OperationName } from '../model';
import { TimeoutError, TransportError, type CloudHsmError } from './errors';

/** Writes whose repetition has the same effect (CreateHsm thanks to its ClientToken, see below). */
const IDEMPOTENT_WRITES = new Set<OperationName>([
  'AddTagsToResource',
  'RemoveTagsFromResource',
  'CreateHsm',
]);

/** Socket errors raised before the request could reach the service. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True when the service may have processed the failed attempt. */
export function isAmbiguousFailure(error: CloudHsmError): boolean {
  if (error instanceof TimeoutError) return true;
  if (!(error instanceof TransportError)) return false;
  if (NOT_SENT_CODES.has(error.code)) return false;
  // A reset on a reused keep-alive socket is the server closing an idle connection just as we
  // wrote to it; Node documents retrying exactly this case.
  const cause = error.cause as { reusedSocket?: boolean; code?: string } | undefined;
  return !(cause?.reusedSocket === true && cause.code === 'ECONNRESET');
}

/** True when repeating `operation` after an ambiguous failure cannot change the outcome. */
export function isIdempotent(operation: OperationName): boolean {
  return !OPERATIONS[operation].mutating || IDEMPOTENT_WRITES.has(operation);
}

/**
 * CreateHsm takes a ClientToken that makes repeats return the first HSM; the model does not mark
 * it as an idempotency token, so the SDK leaves it empty. We fill it once per call (kept across
 * retries) so a retried CreateHsm never provisions, and bills, a second HSM.
 */
export function withIdempotencyToken<T>(operation: OperationName, input: T, random: () => number): T {
  if (operation !== 'CreateHsm') return input;
  const i = input as { ClientToken?: string };
  if (i.ClientToken !== undefined) return input;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let n = 0; n < 32; n++) token += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return { ...input, ClientToken: token };
}
