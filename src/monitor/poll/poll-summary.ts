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

/** A metric datum (EMF through Powertools in Lambda). */
export interface MetricDatum {
  readonly name: string;
  readonly unit: 'Count' | 'Milliseconds';
  readonly value: number;
}

/** The metrics of one poll run: counts by status, degraded HAPGs, API calls, throttles, duration. */
export function pollRunMetrics(run: {
  status: 'ok' | 'failed';
  counts: Record<string, Record<string, number>>;
  hapgsDegraded: number;
  apiCalls: number;
  throttles: number;
  durationMs: number;
  events: number;
  resourceWrites: number;
}): MetricDatum[] {
  const out: MetricDatum[] = [
    { name: 'PollSucceeded', unit: 'Count', value: run.status === 'ok' ? 1 : 0 },
    { name: 'PollFailed', unit: 'Count', value: run.status === 'failed' ? 1 : 0 },
    { name: 'HapgsDegraded', unit: 'Count', value: run.hapgsDegraded },
    { name: 'ApiCalls', unit: 'Count', value: run.apiCalls },
    { name: 'Throttles', unit: 'Count', value: run.throttles },
    { name: 'PollDuration', unit: 'Milliseconds', value: run.durationMs },
    { name: 'EventsPublished', unit: 'Count', value: run.events },
    { name: 'ResourceWrites', unit: 'Count', value: run.resourceWrites },
  ];
  for (const [family, byStatus] of Object.entries(run.counts)) {
    for (const [status, n] of Object.entries(byStatus)) {
      out.push({
        name: `${family === 'luna-client' ? 'LunaClients' : family.toUpperCase()}_${status}`,
        unit: 'Count',
        value: n,
      });
    }
  }
  return out;
}
