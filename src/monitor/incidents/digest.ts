/**
 * The daily digest: one message summarising the open incidents of the digest severities
 * (warnings by default when enabled) instead of one message each.
 */
import { severityRank } from './policy';
import type { IncidentState, Problem, Severity } from './types';

/** One line of the digest. */
export interface DigestItem {
  readonly incidentKey: string;
  readonly problem: Problem;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceArn: string;
  readonly summary: string;
  readonly since: string;
}

/** A digest, deduplicated per UTC day by its id. */
export interface Digest {
  /** `digest#<yyyy-mm-dd>`. */
  readonly id: string;
  readonly at: string;
  readonly severities: readonly Severity[];
  readonly items: readonly DigestItem[];
}

/** A sink that can deliver digests. */
export interface DigestNotifier {
  readonly name: string;
  sendDigest(digest: Digest): Promise<void>;
}

/** Builds the digest of open incidents at `at`, or null when there is nothing to report. */
export function buildDigest(
  incidents: readonly IncidentState[],
  at: string,
  severities: readonly Severity[],
): Digest | null {
  const items = incidents
    .filter((i) => i.status === 'open' && severities.includes(i.severity))
    .sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.startedAt.localeCompare(b.startedAt),
    )
    .map((i) => ({
      incidentKey: i.key,
      problem: i.problem,
      severity: i.severity,
      accountId: i.accountId,
      region: i.region,
      resourceArn: i.resourceArn,
      summary: i.summary,
      since: i.startedAt,
    }));
  if (items.length === 0) return null;
  return { id: `digest#${at.slice(0, 10)}`, at, severities, items };
}

/** Subject/heading of a digest: `Daily digest: 3 open warning incidents`. */
export function digestTitle(d: Digest): string {
  const n = d.items.length;
  return `hsmwatch daily digest: ${n} open ${d.severities.join('/')} incident${n === 1 ? '' : 's'}`;
}

/** Plain-text body of a digest. */
export function digestText(d: Digest): string {
  const lines = [digestTitle(d), `as of ${d.at}`, ''];
  for (const i of d.items)
    lines.push(`- [${i.severity}] ${i.summary} (${i.accountId}/${i.region}, since ${i.since})`);
  return lines.join('\n');
}
