/**
 * dispatch: fan one poll out per configured target. In AWS each target becomes one SQS message
 * (the poll function consumes them, so hundreds of targets poll in parallel Lambdas); locally the
 * targets are polled in-process with bounded concurrency.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import { targetSchema, type TargetConfig } from '../../config/poller-config';

/** The SQS message body of one poll request. */
export const pollMessageSchema = z.strictObject({ target: targetSchema, requestedAt: z.iso.datetime() });
/** A parsed poll request. */
export type PollMessage = z.infer<typeof pollMessageSchema>;

/** Port: where poll requests go (SQS in AWS). */
export interface PollQueue {
  send(message: PollMessage): Promise<void>;
}

/** Dispatch outcome: which targets were handed off, which failed. */
export interface DispatchResult {
  readonly dispatched: number;
  readonly failed: readonly { readonly target: TargetConfig; readonly error: string }[];
}

/** Sends one message per target; a failed send is reported, the others still go. */
export async function dispatchToQueue(
  queue: PollQueue,
  targets: readonly TargetConfig[],
  now: () => Date,
  concurrency = 10,
): Promise<DispatchResult> {
  const limit = pLimit(concurrency);
  const failed: { target: TargetConfig; error: string }[] = [];
  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        try {
          await queue.send({ target, requestedAt: now().toISOString() });
        } catch (e) {
          failed.push({ target, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
        }
      }),
    ),
  );
  return { dispatched: targets.length - failed.length, failed };
}

/** Polls every target in this process (local runtime), `concurrency` targets at a time. */
export async function dispatchInProcess<R>(
  targets: readonly TargetConfig[],
  poll: (target: TargetConfig) => Promise<R>,
  concurrency = 4,
): Promise<{ results: R[]; failed: { target: TargetConfig; error: string }[] }> {
  const limit = pLimit(concurrency);
  const results: R[] = [];
  const failed: { target: TargetConfig; error: string }[] = [];
  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        try {
          results.push(await poll(target));
        } catch (e) {
          failed.push({ target, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
        }
      }),
    ),
  );
  return { results, failed };
}
