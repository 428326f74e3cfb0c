import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SERVICE } from '../../cloudhsm/model';
import type { ApiError } from '../errors';

/** Writes an awsJson 1.1 success response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  extra?: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': SERVICE.contentType,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...extra,
  });
  res.end(text);
}

/** Writes an awsJson 1.1 error: `__type`, `message`, `retryable`, plus the x-amzn-ErrorType header. */
export function sendError(res: ServerResponse, err: ApiError, extra?: Record<string, string>): void {
  sendJson(
    res,
    err.status,
    { __type: err.name, message: err.message, retryable: err.retryable },
    { 'x-amzn-ErrorType': err.name, ...extra },
  );
}

/** Writes a plain JSON response (admin API). */
export function sendPlain(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
