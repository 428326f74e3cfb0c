/**
 * Applies observations to stored incidents with optimistic locking. A lost race re-reads the
 * incident (strongly consistent) and re-runs the pure step: since step() is idempotent per poll,
 * the loser of a race between two notify functions usually finds nothing left to do.
 */
import type { IncidentStore, StoredIncident } from '../../monitor/incidents/ports';
import { step } from '../../monitor/incidents/transition';
import type { AlertPolicy, Notification, Observation } from '../../monitor/incidents/types';
import { IncidentConflictError } from './errors';

const MAX_ATTEMPTS = 5;

/** Applies one observation; returns the incident as stored afterwards (undefined if never created). */
export async function applyObservation(
  store: IncidentStore,
  obs: Observation,
  policy: AlertPolicy,
  known: StoredIncident | undefined,
): Promise<{ stored: StoredIncident | undefined; decided: readonly Notification[] }> {
  let current = known;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const r = step(current?.state, obs, policy);
    if (!r.changed || !r.state) return { stored: current, decided: [] };
    const outbox = [...(current?.outbox ?? []), ...r.notifications];
    const expected = current?.version ?? 0;
    if ((await store.save(r.state, outbox, expected)) === 'ok') {
      return { stored: { state: r.state, version: expected + 1, outbox }, decided: r.notifications };
    }
    current = await store.get(obs.key);
  }
  throw new IncidentConflictError(obs.key);
}
