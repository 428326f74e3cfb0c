/**
 * Reminder sweep for incidents no tick re-evaluates: while a target's polls fail there is no
 * `Poll Completed`, so an open `poll-failing` incident would never remind. A scheduled sweep
 * observes it again (it still holds: only `Poll Recovered` or a successful poll clears it) at the
 * current time, and the state machine decides whether a reminder is due. Because the sweep moves
 * the incident's last observation to "now", a recovery event stamped a few seconds earlier is
 * treated as stale; the next successful poll then resolves it.
 */
import { fromIncident } from '../../monitor/incidents/evaluate';
import { activeSilenceFor } from '../../monitor/incidents/silences';
import type { StoredIncident } from '../../monitor/incidents/ports';
import type { Notification, Problem } from '../../monitor/incidents/types';
import { applyObservation } from './apply';
import { drainOutboxes, type DeliveryReport } from './deliver';
import type { NotifyDeps } from './handle-event';

/** Problems only events can clear, so only a sweep can remind about them. */
export const SWEPT_PROBLEMS: ReadonlySet<Problem> = new Set(['poll-failing']);

/** Sweeps open event-latched incidents; returns the reminders decided and delivered. */
export async function sweepReminders(
  deps: NotifyDeps,
): Promise<{ decided: readonly Notification[] } & DeliveryReport> {
  const at = deps.now().toISOString();
  const silences = await deps.silences.list();
  const open = (await deps.incidents.list({ statuses: ['open'] })).filter((i) =>
    SWEPT_PROBLEMS.has(i.problem),
  );
  const decided: Notification[] = [];
  const touched: StoredIncident[] = [];
  for (const inc of open) {
    const mutedBy = activeSilenceFor(
      silences,
      { arn: inc.resourceArn, resourceType: inc.resourceType, tags: inc.tags },
      at,
    );
    const r = await applyObservation(
      deps.incidents,
      {
        key: inc.key,
        pollId: `sweep-${at}`,
        at,
        eventId: `sweep-${at}`,
        condition: { ...fromIncident(inc), mutedBy },
      },
      deps.policy,
      await deps.incidents.get(inc.key),
    );
    decided.push(...r.decided);
    if (r.stored && r.stored.outbox.length > 0) touched.push(r.stored);
  }
  const report = await drainOutboxes(deps, touched);
  return { decided, ...report };
}
