import { createHash } from 'node:crypto';
import type { RemediationKind } from './types';

/**
 * Deterministic plan id from the triggering event and the resource: the same event delivered
 * twice gives the same id, which is what makes the conditional plan write an idempotency key.
 */
export function planIdFor(kind: RemediationKind, triggerEventId: string, resourceArn: string): string {
  const digest = createHash('sha256').update(`${kind}\n${triggerEventId}\n${resourceArn}`).digest('hex');
  return `plan-${digest.slice(0, 24)}`;
}

/** Parses `arn:aws:cloudhsm:<region>:<account>:<resource>`; undefined when it is not one. */
export function parseCloudHsmArn(
  arn: string,
): { region: string; accountId: string; resource: string } | undefined {
  const m = /^arn:aws(?:-iso)?:cloudhsm:([a-zA-Z0-9-]*):(\d{12}):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1] as string, accountId: m[2] as string, resource: m[3] as string };
}
