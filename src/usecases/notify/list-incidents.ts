/** `hsmwatch incidents`: list incidents, active ones by default. */
import type { IncidentStore } from '../../monitor/incidents/ports';
import { severityRank } from '../../monitor/incidents/policy';
import type { IncidentState, IncidentStatus } from '../../monitor/incidents/types';

/** Lists incidents: active (pending/open) unless `all`; most severe, then oldest, first. */
export async function listIncidents(
  deps: { readonly incidents: IncidentStore },
  options: { readonly all?: boolean; readonly statuses?: readonly IncidentStatus[] } = {},
): Promise<IncidentState[]> {
  const statuses = options.all ? undefined : (options.statuses ?? ['pending', 'open']);
  const list = await deps.incidents.list(statuses ? { statuses } : {});
  return list.sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.startedAt.localeCompare(b.startedAt),
  );
}
