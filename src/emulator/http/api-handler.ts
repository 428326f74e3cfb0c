import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOperationName, SERVICE } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import { ApiError } from '../errors';
import type { Faults } from '../faults';
import { dispatch } from '../router';
import { advanceLifecycle } from '../state/lifecycle';
import { sendError, sendJson } from './responses';
import type { SigV4Verifier } from './sigv4-verifier';

const TARGET_PREFIX = `${SERVICE.targetPrefix}.`;

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('CloudHsmInternalException', 'An internal error occurred', { status: 500 });
}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('SerializationException', 'The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The CloudHSM API path: authenticate, resolve the target, apply due lifecycle transitions,
 * apply faults, then parse, validate and dispatch. Any failure is answered as an awsJson error.
 */
export function createApiHandler(
  ctx: EmulatorContext,
  verifier: SigV4Verifier,
  faults: Faults,
  onDone?: (action: string, status: number) => void,
): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> {
  return async (req, res, body) => {
    let action = '-';
    try {
      if (req.method !== 'POST')
        throw new ApiError('InvalidAction', `Unsupported method ${String(req.method)}; use POST /`);
      const caller = await verifier.verify(req.method, req.url ?? '/', req.headers, body);
      const target = req.headers['x-amz-target'];
      const name =
        typeof target === 'string' && target.startsWith(TARGET_PREFIX)
          ? target.slice(TARGET_PREFIX.length)
          : '';
      if (!isOperationName(name)) {
        throw new ApiError(
          'InvalidAction',
          `Unknown action ${typeof target === 'string' ? target : '(no X-Amz-Target)'}`,
        );
      }
      action = name;
      advanceLifecycle(ctx);
      if (faults.active()) {
        const delay = faults.delayMs();
        if (delay > 0) await sleep(delay);
        const injected = faults.decide(name);
        if (injected) throw injected;
      }
      const input = parseBody(body);
      let out = dispatch(ctx, name, caller.accountId, caller.region, input);
      if (out instanceof Promise) out = await out;
      sendJson(res, 200, out);
      onDone?.(action, 200);
    } catch (err) {
      const e = toApiError(err);
      if (e.status >= 500 && !(err instanceof ApiError))
        process.stderr.write(`emulator: internal error in ${action}: ${String(err)}\n`);
      sendError(res, e);
      onDone?.(action, e.status);
    }
  };
}
