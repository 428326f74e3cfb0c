/** Per-poll counts for the poll-run item, Poll Completed and EMF metrics. */
import type { ResourceRecord } from '../records';

/** Counts by family and status/state, and the number of DEGRADED HAPGs. */
export function summarise(records: Iterable<ResourceRecord>): {
  counts: Record<string, Record<string, number>>;
  hapgsDegraded: number;
} {
  const counts: Record<string, Record<string, number>> = { hsm: {}, hapg: {}, 'luna-client': {} };
  let hapgsDegraded = 0;
  for (const r of records) {
    const key = r.resourceType === 'hsm' ? r.Status : r.resourceType === 'hapg' ? r.State : 'total';
    const bucket = counts[r.resourceType]!;
    bucket[key] = (bucket[key] ?? 0) + 1;
    if (r.resourceType === 'hapg' && r.State === 'DEGRADED') hapgsDegraded++;
  }
  return { counts, hapgsDegraded };
}
