/**
 * Entry points the handlers and the CLI call: one EventBridge envelope, a manual request for an
 * ARN, and the daily scan for certificates inside the rotation window.
 */
import type { LunaClientRecord, Target } from '../../monitor/records';
import type { RemediationMode } from '../../monitor/remediation/types';
import { parseCloudHsmArn } from '../../monitor/remediation/plan-id';
import { parseTrigger, type CertRotationTrigger } from '../../monitor/remediation/triggers';
import { expireStalePlans } from './approve-plan';
import { rotateCertificate } from './cert-rotation';
import { RemediationInputError } from './errors';
import type { RunState } from './execute-plan';
import { remediateHapg } from './hapg-repair';
import type { RemediationDeps } from './ports';
import type { RemediationOutcome } from './record-plan';

/** Which triggers a function accepts (remediate: HAPG; rotateCertificates: certificates). */
export type TriggerScope = 'hapg-repair' | 'cert-rotation' | 'any';

/** Handles one EventBridge envelope. Irrelevant events are ignored with a reason. */
export async function handleRemediationEvent(
  deps: RemediationDeps,
  envelope: unknown,
  scope: TriggerScope = 'any',
  run: RunState = { actionsThisRun: 0 },
): Promise<RemediationOutcome> {
  const parsed = parseTrigger(envelope, deps.config.policy.rotateBeforeDays);
  if (!parsed.ok) return { outcome: 'ignored', reason: parsed.ignored };
  const trigger = parsed.trigger;
  if (scope !== 'any' && trigger.kind !== scope) {
    return { outcome: 'ignored', reason: `${trigger.kind} is not handled by this function` };
  }
  return trigger.kind === 'hapg-repair'
    ? remediateHapg(deps, trigger, run)
    : rotateCertificate(deps, trigger, run);
}

/** Options of a manual request. */
export interface ManualRequestOptions {
  /**
   * Overrides the stage mode for this request. `hsmwatch remediation plan` passes `approve`, so
   * it always yields a plan to read and approve, never an immediate change; `rotate` uses the
   * stage mode. Resource tags (`off`, or a lower mode) still apply.
   */
  readonly mode?: RemediationMode;
  readonly run?: RunState;
}

/**
 * A manual request from the CLI (`remediation plan <arn>`, `remediation rotate <client-arn>`):
 * plans (and, per mode, executes) under the same guardrails as an event.
 */
export async function requestRemediation(
  deps: RemediationDeps,
  arn: string,
  requestedBy: string,
  options: ManualRequestOptions = {},
): Promise<RemediationOutcome> {
  const where = parseCloudHsmArn(arn);
  if (!where) throw new RemediationInputError(`arn: ${JSON.stringify(arn)} is not a CloudHSM ARN`);
  const eventId = `manual-${deps.newId()}`;
  const run = options.run ?? { actionsThisRun: 0 };
  const policy = options.mode ? { ...deps.config.policy, mode: options.mode } : deps.config.policy;
  const { accountId, region } = where;
  if (/^hapg-[0-9a-f]{8}$/.test(where.resource)) {
    const trigger = {
      kind: 'hapg-repair' as const,
      eventId,
      detailType: 'Manual Request',
      hapgArn: arn,
      accountId,
      region,
    };
    return remediateHapg(deps, trigger, run, policy);
  }
  if (/^client-[0-9a-f]{8}$/.test(where.resource)) {
    const trigger = {
      kind: 'cert-rotation' as const,
      eventId,
      detailType: 'Rotate Client Certificate',
      clientArn: arn,
      accountId,
      region,
      requestedBy,
    };
    return rotateCertificate(deps, trigger, run, policy);
  }
  throw new RemediationInputError(`arn: ${arn} is neither a HAPG nor a Luna client`);
}

/**
 * The daily scan: rotate every client whose certificate ends inside rotateBeforeDays. The trigger
 * id is per client per day, so a re-run the same day is a duplicate, not a second rotation.
 */
export async function rotateExpiringCertificates(
  deps: RemediationDeps,
  targets: readonly Target[],
  run: RunState = { actionsThisRun: 0 },
): Promise<RemediationOutcome[]> {
  await expireStalePlans(deps);
  const now = deps.clock.now();
  const day = now.toISOString().slice(0, 10);
  const outcomes: RemediationOutcome[] = [];
  for (const target of targets) {
    const records = await deps.records.currentRecords(target);
    for (const r of records) {
      if (r.resourceType !== 'luna-client' || !r.Certificate) continue;
      const days = Math.floor((Date.parse(r.Certificate.notAfter) - now.getTime()) / 86_400_000);
      if (days > deps.config.policy.rotateBeforeDays) continue;
      const trigger: CertRotationTrigger = {
        kind: 'cert-rotation',
        eventId: `scan-${day}-${(r as LunaClientRecord).ClientArn}`,
        detailType: 'Scheduled Rotation Scan',
        clientArn: r.ClientArn,
        accountId: target.accountId,
        region: target.region,
        daysToExpiry: days,
      };
      outcomes.push(await rotateCertificate(deps, trigger, run));
    }
  }
  return outcomes;
}
