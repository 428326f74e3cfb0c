/**
 * Which EventBridge envelopes start a remediation, validated with zod. Anything else is ignored
 * with a reason, never thrown, because the rule may deliver more than we act on.
 */
import { z } from 'zod';

const arnSchema = z
  .string()
  .regex(/^arn:aws(-iso)?:cloudhsm:[a-zA-Z0-9-]*:\d{12}:/, 'must be a CloudHSM ARN');
const clientArnSchema = z
  .string()
  .regex(/^arn:aws(-iso)?:cloudhsm:[a-zA-Z0-9-]*:\d{12}:client-[0-9a-f]{8}$/, 'must be a Luna client ARN');
const accountSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit account id');

const envelopeSchema = z.object({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string(),
  detail: z.unknown(),
});

const monitorDetailSchema = z.object({
  eventId: z.string().min(1),
  accountId: accountSchema,
  region: z.string().min(1),
  resourceArn: arnSchema,
  current: z.looseObject({ State: z.string().optional() }).nullable().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** Detail of the manual `Rotate Client Certificate` event. */
export const rotateRequestSchema = z.object({
  clientArn: clientArnSchema,
  accountId: accountSchema,
  region: z.string().min(1),
  requestedBy: z.string().min(1).max(128),
});
export type RotateRequest = z.infer<typeof rotateRequestSchema>;

/** A trigger for a HAPG repair. */
export interface HapgRepairTrigger {
  readonly kind: 'hapg-repair';
  readonly eventId: string;
  readonly detailType: string;
  readonly hapgArn: string;
  readonly accountId: string;
  readonly region: string;
}

/** A trigger for a certificate rotation. `daysToExpiry` is absent for manual requests. */
export interface CertRotationTrigger {
  readonly kind: 'cert-rotation';
  readonly eventId: string;
  readonly detailType: string;
  readonly clientArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly daysToExpiry?: number;
  readonly requestedBy?: string;
}

export type RemediationTrigger = HapgRepairTrigger | CertRotationTrigger;

/** Result of reading an envelope: a trigger, or why it is not one. */
export type TriggerParse =
  | { readonly ok: true; readonly trigger: RemediationTrigger }
  | { readonly ok: false; readonly ignored: string };

/** Parses an EventBridge envelope into a remediation trigger. */
export function parseTrigger(envelope: unknown, rotateBeforeDays: number): TriggerParse {
  const env = envelopeSchema.safeParse(envelope);
  if (!env.success) return { ok: false, ignored: `not an EventBridge envelope: ${issues(env.error)}` };
  const type = env.data['detail-type'];
  if (type === 'Rotate Client Certificate') {
    const d = rotateRequestSchema.safeParse(env.data.detail);
    if (!d.success) return { ok: false, ignored: `bad Rotate Client Certificate detail: ${issues(d.error)}` };
    return {
      ok: true,
      trigger: { kind: 'cert-rotation', eventId: env.data.id, detailType: type, ...d.data },
    };
  }
  if (
    type !== 'HAPG State Changed' &&
    type !== 'HAPG Action Failed' &&
    type !== 'Luna Client Certificate Expiring'
  ) {
    return { ok: false, ignored: `detail-type ${type} does not trigger remediation` };
  }
  const d = monitorDetailSchema.safeParse(env.data.detail);
  if (!d.success) return { ok: false, ignored: `bad ${type} detail: ${issues(d.error)}` };
  const { eventId, accountId, region, resourceArn } = d.data;
  if (type === 'Luna Client Certificate Expiring') {
    const days = z.number().safeParse(d.data.data?.['daysToExpiry']);
    if (!days.success)
      return { ok: false, ignored: 'Luna Client Certificate Expiring without data.daysToExpiry' };
    if (days.data > rotateBeforeDays) {
      return {
        ok: false,
        ignored: `certificate expires in ${days.data} days; rotation starts at ${rotateBeforeDays}`,
      };
    }
    return {
      ok: true,
      trigger: {
        kind: 'cert-rotation',
        eventId,
        detailType: type,
        clientArn: resourceArn,
        accountId,
        region,
        daysToExpiry: days.data,
      },
    };
  }
  if (type === 'HAPG State Changed' && d.data.current?.State !== 'DEGRADED') {
    return { ok: false, ignored: `HAPG state ${d.data.current?.State ?? 'unknown'} needs no repair` };
  }
  return {
    ok: true,
    trigger: { kind: 'hapg-repair', eventId, detailType: type, hapgArn: resourceArn, accountId, region },
  };
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
