/**
 * Gathers the report's data from the stores (local state or the deployed table): current
 * records of every target, each HSM's and HAPG's history reduced to its state changes, open
 * incidents and recent remediation plans.
 */
import type { ResourceReader } from '../usecases/poll/ports';
import type { IncidentState, IncidentStatus } from '../monitor/incidents/types';
import { stateOf, type ReportInput, type ReportRemediation, type TimelinePoint } from './report-model';

/** The slice of a stored remediation plan the report reads (StoredPlan satisfies it). */
export interface PlanView {
  readonly plan: {
    readonly planId: string;
    readonly kind: string;
    readonly resourceArn: string;
    readonly steps: readonly { readonly action: string; readonly mutating: boolean }[];
    readonly reasons: readonly string[];
  };
  readonly status: string;
  readonly updatedAt: string;
  readonly statusReason?: string;
}

/** The read side the report needs (ResourceStore, DynamoIncidentStore, DynamoRemediationStore). */
export interface ReportSources {
  readonly resources: Pick<ResourceReader, 'targets' | 'currentRecords' | 'history'>;
  readonly incidents: { list(options: { statuses?: readonly IncidentStatus[] }): Promise<IncidentState[]> };
  readonly plans: { listPlans(options: { limit?: number }): Promise<readonly PlanView[]> };
}

/** Collects everything the report shows. */
export async function collectReport(
  src: ReportSources,
  opts: { now: Date; source: string; historyLimit?: number; planLimit?: number },
): Promise<ReportInput> {
  const targets = await src.resources.targets();
  const records = (await Promise.all(targets.map((t) => src.resources.currentRecords(t)))).flat();
  const timeline: TimelinePoint[] = [];
  for (const r of records) {
    if (r.resourceType === 'luna-client') continue;
    const arn = r.resourceType === 'hsm' ? r.HsmArn : r.HapgArn;
    const entries = [...(await src.resources.history(arn, { limit: opts.historyLimit ?? 200 }))].sort(
      (a, b) => a.observedAt.localeCompare(b.observedAt),
    );
    // Keep only the points where the status/state word changes: other field changes would
    // split a lane into same-coloured segments.
    const points: TimelinePoint[] = [];
    for (const e of entries) {
      const state = e.record ? stateOf(e.record) : null;
      if (points.length && points[points.length - 1]!.state === state) continue;
      points.push({
        arn,
        resourceType: r.resourceType,
        observedAt: e.observedAt,
        state,
        changedFields: e.changedFields,
      });
    }
    if (points.length > 1) timeline.push(...points);
  }
  const incidents = await src.incidents.list({ statuses: ['open', 'pending'] });
  const plans = await src.plans.listPlans({ limit: opts.planLimit ?? 50 });
  return {
    generatedAt: opts.now.toISOString(),
    source: opts.source,
    records,
    timeline,
    incidents: incidents.map((i) => ({
      key: i.key,
      severity: i.severity,
      problem: i.problem,
      resourceArn: i.resourceArn,
      summary: i.summary,
      state: i.state,
      status: i.status,
      since: i.openedAt ?? i.startedAt,
      affected: i.affected.map((a) => ({ arn: a.arn, status: a.status })),
    })),
    remediations: plans.map(toRemediation),
  };
}

function toRemediation(p: PlanView): ReportRemediation {
  const mutating = p.plan.steps.filter((s) => s.mutating).map((s) => s.action);
  const why = p.statusReason ?? (p.plan.reasons.length ? p.plan.reasons.join(', ') : '');
  return {
    at: p.updatedAt,
    planId: p.plan.planId,
    kind: p.plan.kind,
    resourceArn: p.plan.resourceArn,
    status: p.status,
    detail: [mutating.length ? mutating.join(' → ') : 'no mutating step', why].filter(Boolean).join(': '),
  };
}
