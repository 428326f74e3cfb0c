/**
 * When to re-read a resource's tags. Deterministic and stateless: each resource gets a fixed
 * offset inside the refresh period (from its ARN), and is due when a period boundary at that
 * offset passed since the previous poll. Tags are thus refreshed at most every period, spread
 * evenly over polls, without storing a per-resource "last read" that would cost a write per poll.
 */
import { stableId } from '../snapshot/canonical-hash';

/** True when the resource's tags are due for a refresh between `previousPollAt` and `now`. */
export function tagsDue(
  arn: string,
  previousPollAt: Date | undefined,
  now: Date,
  refreshMinutes: number,
): boolean {
  if (!previousPollAt) return true;
  const period = Math.max(1, refreshMinutes) * 60_000;
  const offset = parseInt(stableId('tags', arn).slice(0, 8), 16) % period;
  const slot = (t: number) => Math.floor((t - offset) / period);
  return slot(now.getTime()) > slot(previousPollAt.getTime());
}
