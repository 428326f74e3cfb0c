/**
 * Validates the EventBridge envelope notify receives and reduces it to the facts alerting reads.
 * Poller details carry `observedAt`/`pollId`; remediation details carry `at` and a `reason`.
 */
import { z } from 'zod';
import type { EventFacts } from '../../monitor/incidents/event-observations';

const detail = z
  .object({
    eventId: z.string().min(1),
    accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    region: z.string().min(1),
    resourceArn: z.string().min(1),
    pollId: z.string().min(1).optional(),
    observedAt: z.iso.datetime({ offset: true }).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    previous: z.unknown().optional(),
    current: z.unknown().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    reason: z.string().optional(),
    reasonCode: z.string().optional(),
  })
  .loose();

/** The envelope as EventBridge (or the local bus) delivers it. */
export const AlertEnvelope = z
  .object({
    id: z.string().min(1),
    'detail-type': z.string().min(1),
    source: z.literal('hsmwatch'),
    time: z.iso.datetime({ offset: true }),
    detail,
  })
  .loose();

/** Thrown for an envelope that fails validation; names the field. */
export class EnvelopeValidationError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeValidationError';
  }
}

/** Parses an envelope into EventFacts or throws EnvelopeValidationError naming the field. */
export function parseAlertEnvelope(input: unknown): EventFacts {
  const r = AlertEnvelope.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new EnvelopeValidationError(
      `invalid event: ${issue.path.join('.') || 'envelope'}: ${issue.message}`,
    );
  }
  const e = r.data;
  const d = e.detail;
  const tags = (d.current as { Tags?: Record<string, string> } | null | undefined)?.Tags;
  return {
    detailType: e['detail-type'],
    eventId: d.eventId,
    accountId: d.accountId,
    region: d.region,
    resourceArn: d.resourceArn,
    // Events without a poll (remediation) are their own debounce unit.
    pollId: d.pollId ?? d.eventId,
    at: d.observedAt ?? d.at ?? e.time,
    previous: d.previous,
    current: d.current,
    ...(d.data ? { data: d.data } : {}),
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    ...(d.reasonCode !== undefined ? { reasonCode: d.reasonCode } : {}),
    ...(tags && typeof tags === 'object' ? { tags } : {}),
  };
}
