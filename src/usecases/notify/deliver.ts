/**
 * Delivers an incident's outbox: claim in the ledger (exactly-once decision), send to each sink
 * not yet recorded, mark sent, drop from the outbox. Delivery is at least once per sink: a crash
 * after a send but before its mark re-sends only to that sink on the retry.
 */
import type {
  IncidentStore,
  NotificationLedger,
  Notifier,
  StoredIncident,
} from '../../monitor/incidents/ports';
import type { Notification } from '../../monitor/incidents/types';
import { DeliveryError, NotificationInProgressError } from './errors';

/** What delivery needs. */
export interface DeliveryDeps {
  readonly incidents: IncidentStore;
  readonly ledger: NotificationLedger;
  readonly notifiers: readonly Notifier[];
  /** Wall clock for claim leases (not the event time). */
  readonly now: () => Date;
  /** How long a claim keeps others away; longer than the slowest send (Slack 429 waits included). */
  readonly leaseSeconds?: number;
  readonly onMetric?: (name: string, value: number) => void;
}

/** Outcome of draining outboxes. */
export interface DeliveryReport {
  readonly delivered: readonly Notification[];
  readonly alreadySent: readonly string[];
}

/** Drains the outboxes of the given incidents; throws DeliveryError/NotificationInProgressError at the end. */
export async function drainOutboxes(
  deps: DeliveryDeps,
  incidents: readonly StoredIncident[],
): Promise<DeliveryReport> {
  const delivered: Notification[] = [];
  const alreadySent: string[] = [];
  const failures: { notificationId: string; sink: string; error: string }[] = [];
  let busy: NotificationInProgressError | undefined;
  let firstCause: unknown;
  for (const inc of incidents) {
    // In seq order, and stop at the first failure so an incident's messages never overtake each other.
    for (const n of [...inc.outbox].sort((a, b) => a.seq - b.seq)) {
      const now = deps.now();
      const lease = new Date(now.getTime() + (deps.leaseSeconds ?? 120) * 1000).toISOString();
      const claim = await deps.ledger.claim(n.id, now.toISOString(), lease);
      if (claim.outcome === 'sent') {
        alreadySent.push(n.id);
        await deps.incidents.removeFromOutbox(n.incidentKey, n.id);
        continue;
      }
      if (claim.outcome === 'busy') {
        busy ??= new NotificationInProgressError(n.id, claim.claimedUntil);
        break;
      }
      let ok = true;
      for (const sink of deps.notifiers) {
        if (claim.sentTo.includes(sink.name)) continue;
        try {
          await sink.send(n);
          await deps.ledger.markSinkSent(n.id, sink.name);
          deps.onMetric?.(`NotificationsSent`, 1);
        } catch (err) {
          ok = false;
          firstCause ??= err;
          failures.push({ notificationId: n.id, sink: sink.name, error: (err as Error).name ?? 'Error' });
          deps.onMetric?.('NotificationsFailed', 1);
        }
      }
      if (!ok) {
        // Let the retry (or a concurrent delivery) take over now instead of after the lease.
        await deps.ledger.release(n.id);
        break;
      }
      await deps.ledger.markSent(n.id, deps.now().toISOString());
      await deps.incidents.removeFromOutbox(n.incidentKey, n.id);
      delivered.push(n);
    }
  }
  if (failures.length > 0) throw new DeliveryError(failures, firstCause);
  if (busy) throw busy;
  return { delivered, alreadySent };
}
