/**
 * Entry points the handlers and the CLI call: one EventBridge envelope, a manual request for an
 * ARN, and the daily scan for certificates inside the rotation window.
 */
import type { LunaClientRecord, Target } from '../../monitor/records';
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

/**
 * A manual request from the CLI (`remediation plan <hapg-arn>`, `remediation rotate <client-arn>`):
 * plans (and, in auto mode, executes) under the same guardrails as an event.
 */
export async function requestRemediation(
  deps: RemediationDeps,
  arn: string,
  requestedBy: string,
  run: RunState = { actionsThisRun: 0 },
): Promise<RemediationOutcome> {
  const where = parseCloudHsmArn(arn);
  if (!where) throw new RemediationInputError(`arn: ${JSON.stringify(arn)} is not a CloudHSM ARN`);
  const eventId = `manual-${deps.newId()}`;
  if (/^hapg-[0-9a-f]{8}$/.test(where.resource)) {
    return remediateHapg(
      deps,
      { kind: 'hapg-repair', eventId, detailType: 'Manual Request', hapgArn: arn, ...where },
      run,
    );
  }
  if (/^client-[0-9a-f]{8}$/.test(where.resource)) {
    return rotateCertificate(
      deps,
      {
        kind: 'cert-rotation',
        eventId,
        detailType: 'Rotate Client Certificate',
        clientArn: arn,
        accountId: where.accountId,
        region: where.region,
        requestedBy,
      },
      run,
    );
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
