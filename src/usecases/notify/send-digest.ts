/**
 * Sends the daily digest once per UTC day, even when the schedule fires twice or the function is
 * retried: the ledger row `NOTIFY#digest#<date>` is claimed first, and each sink that got it is
 * recorded so a retry re-sends only to the ones that failed.
 */
import { buildDigest, type Digest, type DigestNotifier } from '../../monitor/incidents/digest';
import type { IncidentStore, NotificationLedger } from '../../monitor/incidents/ports';
import type { Severity } from '../../monitor/incidents/types';
import { DeliveryError, NotificationInProgressError } from './errors';

/** What the digest needs. */
export interface DigestDeps {
  readonly incidents: IncidentStore;
  readonly ledger: NotificationLedger;
  readonly notifiers: readonly DigestNotifier[];
  readonly severities: readonly Severity[];
  readonly now: () => Date;
  readonly leaseSeconds?: number;
  /** Not before this UTC hour of the day (the schedule may run hourly). Default 0. */
  readonly hourUtc?: number;
}

/** Outcome: the digest sent, or why nothing was sent. */
export type DigestOutcome =
  | { readonly sent: true; readonly digest: Digest }
  | { readonly sent: false; readonly reason: 'disabled' | 'too-early' | 'nothing-open' | 'already-sent' };

/** Builds and sends today's digest. */
export async function sendDailyDigest(deps: DigestDeps): Promise<DigestOutcome> {
  if (deps.severities.length === 0) return { sent: false, reason: 'disabled' };
  const now = deps.now();
  if (now.getUTCHours() < (deps.hourUtc ?? 0)) return { sent: false, reason: 'too-early' };
  const open = await deps.incidents.list({ statuses: ['open'] });
  const digest = buildDigest(open, now.toISOString(), deps.severities);
  if (!digest) return { sent: false, reason: 'nothing-open' };
  const lease = new Date(now.getTime() + (deps.leaseSeconds ?? 120) * 1000).toISOString();
  const claim = await deps.ledger.claim(digest.id, now.toISOString(), lease);
  if (claim.outcome === 'sent') return { sent: false, reason: 'already-sent' };
  if (claim.outcome === 'busy') throw new NotificationInProgressError(digest.id, claim.claimedUntil);
  const failures: { notificationId: string; sink: string; error: string }[] = [];
  for (const sink of deps.notifiers) {
    if (claim.sentTo.includes(sink.name)) continue;
    try {
      await sink.sendDigest(digest);
      await deps.ledger.markSinkSent(digest.id, sink.name);
    } catch (err) {
      failures.push({ notificationId: digest.id, sink: sink.name, error: (err as Error).name ?? 'Error' });
    }
  }
  if (failures.length > 0) {
    await deps.ledger.release(digest.id);
    throw new DeliveryError(failures);
  }
  await deps.ledger.markSent(digest.id, deps.now().toISOString());
  return { sent: true, digest };
}
