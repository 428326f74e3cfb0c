/**
 * The notify use case: one hsmwatch event in, incidents updated, notifications decided exactly
 * once and delivered. `Poll Completed` is the tick: the whole target is evaluated from the
 * poller's current records. Outage, stalled-registration and remediation events are observed
 * directly; HSM status events only feed the "seen TERMINATING" memory.
 */
import type { EventFacts } from '../../monitor/incidents/event-observations';
import { observationsFromEvent, rememberDeletes } from '../../monitor/incidents/event-observations';
import { evaluateTick } from '../../monitor/incidents/evaluate';
import { targetPrefix } from '../../monitor/incidents/keys';
import type {
  IncidentStore,
  RecordSource,
  SilenceStore,
  StoredIncident,
  TargetMemory,
} from '../../monitor/incidents/ports';
import type { AlertPolicy, Notification, Observation } from '../../monitor/incidents/types';
import { applyObservation } from './apply';
import { drainOutboxes, type DeliveryDeps } from './deliver';

/** Everything the use case needs (built once per Lambda container). */
export interface NotifyDeps extends DeliveryDeps {
  readonly incidents: IncidentStore;
  readonly silences: SilenceStore;
  readonly records: RecordSource;
  readonly policy: AlertPolicy;
}

/** What one event led to. */
export interface NotifyOutcome {
  readonly observations: number;
  readonly decided: readonly Notification[];
  readonly delivered: readonly Notification[];
  readonly alreadySent: readonly string[];
  /** Open critical incidents of this target after the event (the OpenCriticalIncidents metric). */
  readonly openCritical: number;
}

export const TICK_DETAIL_TYPE = 'Poll Completed';
const MEMORY_DETAIL_TYPES = new Set(['HSM Status Changed', 'HSM Removed', 'HSM Changed']);

/** Handles one event end to end. Throws (after recording metrics) when a delivery failed. */
export async function handleAlertEvent(deps: NotifyDeps, e: EventFacts): Promise<NotifyOutcome> {
  const active = await deps.incidents.listActive(e.accountId, e.region);
  const silences = await deps.silences.list();
  let observations: readonly Observation[];
  if (e.detailType === TICK_DETAIL_TYPE) {
    const { memory, version } = await deps.incidents.getMemory(e.accountId, e.region);
    const records = await deps.records.currentRecords({ accountId: e.accountId, region: e.region });
    const evaluation = evaluateTick(
      {
        accountId: e.accountId,
        region: e.region,
        at: e.at,
        pollId: e.pollId,
        eventId: e.eventId,
        records,
        seenTerminating: memory.seenTerminating,
        silences,
        active: active
          .filter((i) => i.state.status === 'pending' || i.state.status === 'open')
          .map((i) => i.state),
      },
      deps.policy,
    );
    await saveMemory(deps.incidents, e, { seenTerminating: evaluation.seenTerminating }, memory, version);
    observations = evaluation.observations;
  } else {
    if (MEMORY_DETAIL_TYPES.has(e.detailType)) await rememberDelete(deps.incidents, e);
    observations = observationsFromEvent(
      e,
      active.map((i) => i.state),
      silences,
      deps.policy,
    );
  }

  const byKey = new Map(active.map((i) => [i.state.key, i]));
  const decided: Notification[] = [];
  for (const obs of observations) {
    const r = await applyObservation(deps.incidents, obs, deps.policy, byKey.get(obs.key));
    if (r.stored) byKey.set(obs.key, r.stored);
    decided.push(...r.decided);
  }
  for (const n of decided) deps.onMetric?.(`Incident${n.kind[0]!.toUpperCase()}${n.kind.slice(1)}`, 1);
  // Drain everything of this target with an outbox, including leftovers of earlier failed runs.
  const withOutbox = [...byKey.values()].filter(
    (i) => i.outbox.length > 0 && i.state.key.startsWith(targetPrefix(e.accountId, e.region)),
  );
  const report = await drainOutboxes(deps, withOutbox);
  const openCritical = [...byKey.values()].filter(
    (i) => i.state.status === 'open' && i.state.severity === 'critical',
  ).length;
  return { observations: observations.length, decided, ...report, openCritical };
}

async function saveMemory(
  store: IncidentStore,
  e: EventFacts,
  next: TargetMemory,
  prev: TargetMemory,
  version: number,
): Promise<void> {
  if (JSON.stringify(next) === JSON.stringify(prev)) return;
  if ((await store.saveMemory(e.accountId, e.region, next, version)) === 'ok') return;
  // Lost a race (a concurrent event remembered a delete): keep both views; a seen delete is never
  // dropped here, the next tick forgets what is gone.
  const fresh = await store.getMemory(e.accountId, e.region);
  const merged = { seenTerminating: { ...fresh.memory.seenTerminating, ...next.seenTerminating } };
  await store.saveMemory(e.accountId, e.region, merged, fresh.version);
}

async function rememberDelete(store: IncidentStore, e: EventFacts): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const { memory, version } = await store.getMemory(e.accountId, e.region);
    const seenTerminating = rememberDeletes(e, memory.seenTerminating);
    if (Object.keys(seenTerminating).length === Object.keys(memory.seenTerminating).length) return;
    if ((await store.saveMemory(e.accountId, e.region, { seenTerminating }, version)) === 'ok') return;
  }
}

export type { StoredIncident };
