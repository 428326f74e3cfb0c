/** Incident identity: one incident per (account, region, problem, resource). */
import type { Problem } from './types';

/** The key of the incident for `problem` on `resourceArn`. `#` never occurs in an ARN. */
export function incidentKey(
  accountId: string,
  region: string,
  problem: Problem,
  resourceArn: string,
): string {
  return `${accountId}#${region}#${problem}#${resourceArn}`;
}

/** Prefix shared by every incident key of one target (for listing a target's incidents). */
export function targetPrefix(accountId: string, region: string): string {
  return `${accountId}#${region}#`;
}

/**
 * The pseudo-ARN of a whole target, for target-level problems (poll failing, remediation
 * blocked). Same form as the poller's target events, so a silence on it matches both.
 */
export function targetArn(accountId: string, region: string): string {
  return `arn:hsmwatch:target:${accountId}:${region}`;
}
