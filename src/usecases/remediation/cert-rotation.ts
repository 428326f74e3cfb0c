/**
 * Luna client certificate rotation: obtain the new certificate from the configured source, plan
 * (checks included), store the plan, and in auto mode run: store the generated key, call
 * ModifyLunaClient, verify the fingerprint with DescribeLunaClient, GetConfig for the client's
 * HAPGs, store the config bundle, emit `Luna Client Certificate Rotated`.
 * The PEM stays in memory; plans, audit and events carry fingerprints only.
 */
import { planCertRotation, type CandidateCertificate } from '../../monitor/remediation/cert-rotation-plan';
import { certificateRotatedEvent } from '../../monitor/remediation/remediation-events';
import type { RemediationPolicy } from '../../monitor/remediation/policy';
import type { CertRotationTrigger } from '../../monitor/remediation/triggers';
import type { PlanStep, RemediationPlan } from '../../monitor/remediation/types';
import type { LunaClientRecord } from '../../monitor/records';
import { FingerprintMismatchError, RemediationInputError } from './errors';
import { executePlan, type RunState, type StepRunner } from './execute-plan';
import type { ObtainedCertificate, RemediationDeps } from './ports';
import { recordPlan, type RemediationOutcome } from './record-plan';

/** A rotation plan plus the certificate it would install (kept in memory only). */
export interface RotationPlanning {
  readonly plan: RemediationPlan;
  readonly obtained?: ObtainedCertificate;
}

/** Builds a rotation plan from the current state and a freshly obtained certificate. */
export async function buildRotationPlan(
  deps: RemediationDeps,
  trigger: CertRotationTrigger,
  run: RunState,
  policy: RemediationPolicy = deps.config.policy,
): Promise<RotationPlanning> {
  const { certificates, bundles } = deps;
  if (!certificates || !bundles)
    throw new RemediationInputError('certificate rotation needs a certificate source and a bundle store');
  const target = { accountId: trigger.accountId, region: trigger.region };
  const [records, block, ks] = await Promise.all([
    deps.records.currentRecords(target),
    deps.store.getBlock(trigger.clientArn),
    deps.store.getKillSwitch(),
  ]);
  const client = records.find(
    (r): r is LunaClientRecord => r.resourceType === 'luna-client' && r.ClientArn === trigger.clientArn,
  );
  const label = client?.Label ?? trigger.clientArn.slice(trigger.clientArn.lastIndexOf(':') + 1);
  let obtained: ObtainedCertificate | undefined;
  let candidate: CandidateCertificate;
  if (!client) {
    candidate = { error: 'client not found in the current records', source: certificates.kind };
  } else {
    try {
      obtained = await certificates.obtain({ clientArn: trigger.clientArn, label });
      candidate = {
        pem: obtained.pem,
        source: obtained.source,
        ...(obtained.keyRef ? { keyRef: obtained.keyRef } : {}),
      };
    } catch (err) {
      candidate = { error: (err as Error).message, source: certificates.kind };
    }
  }
  const plan = planCertRotation({
    trigger: {
      eventId: trigger.eventId,
      detailType: trigger.detailType,
      ...(trigger.requestedBy ? { requestedBy: trigger.requestedBy } : {}),
      ...(trigger.daysToExpiry !== undefined ? { daysToExpiry: trigger.daysToExpiry } : {}),
    },
    clientArn: trigger.clientArn,
    accountId: trigger.accountId,
    region: trigger.region,
    records,
    candidate,
    bundleLocation: bundles.locationFor(label),
    policy,
    actionsThisRun: run.actionsThisRun,
    ...(block ? { blocked: { reason: block.reason } } : {}),
    enabled: ks.enabled,
    now: deps.clock.now().toISOString(),
  });
  return { plan, ...(obtained ? { obtained } : {}) };
}

/** Handles one rotation trigger end to end. */
export async function rotateCertificate(
  deps: RemediationDeps,
  trigger: CertRotationTrigger,
  run: RunState,
  policy: RemediationPolicy = deps.config.policy,
): Promise<RemediationOutcome> {
  const { plan, obtained } = await buildRotationPlan(deps, trigger, run, policy);
  const recorded = await recordPlan(deps, plan);
  if (recorded.outcome !== 'execute' || !obtained) return recorded;
  const result = await executePlan(deps, plan, rotationRunner(deps, plan, obtained), run);
  return {
    outcome: result.outcome,
    planId: plan.planId,
    plan,
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

/** The rotation step runner. Resumes after the last good step; a bad fingerprint re-does ModifyLunaClient. */
export function rotationRunner(
  deps: RemediationDeps,
  plan: RemediationPlan,
  obtained: ObtainedCertificate,
): StepRunner {
  const api = deps.api({ accountId: plan.accountId, region: plan.region });
  const facts = plan.facts as {
    label: string | null;
    newFingerprint: string | null;
    currentFingerprint: string | null;
    newNotAfter: string | null;
    hapgArns: string[];
  };
  const modifyIndex = plan.steps.findIndex((s) => s.action === 'ModifyLunaClient');
  let config: { ConfigType?: string; ConfigFile?: string; ConfigCred?: string } | undefined;
  let bundleLocation = '';
  return {
    async run(step: PlanStep): Promise<string> {
      const clientArn = plan.resourceArn;
      switch (step.action) {
        case 'StorePrivateKey':
          await obtained.commit?.();
          return `private key stored at ${obtained.keyRef ?? 'the source'}`;
        case 'ModifyLunaClient':
          await api.modifyLunaClient({ ClientArn: clientArn, Certificate: obtained.pem });
          return `certificate ${facts.newFingerprint} sent`;
        case 'DescribeLunaClient': {
          const d = await api.describeLunaClient({ ClientArn: clientArn });
          const got = (d.CertificateFingerprint ?? '').toLowerCase();
          if (got !== facts.newFingerprint) {
            throw new FingerprintMismatchError(
              `DescribeLunaClient shows ${got || 'no fingerprint'}, expected ${facts.newFingerprint}`,
            );
          }
          return `fingerprint ${got} verified`;
        }
        case 'GetConfig': {
          const input = step.input as { ClientVersion: '5.1' | '5.3'; HapgList: string[] };
          config = await api.getConfig({
            ClientArn: clientArn,
            ClientVersion: input.ClientVersion,
            HapgList: [...input.HapgList],
          });
          return `config for ${input.HapgList.length} HAPGs (${config.ConfigType ?? 'unknown type'})`;
        }
        case 'StoreConfigBundle': {
          const get = step.input as { location: string };
          bundleLocation = await (deps.bundles as NonNullable<RemediationDeps['bundles']>).put({
            clientArn,
            label: facts.label ?? clientArn,
            clientVersion: String(
              plan.steps.find((s) => s.action === 'GetConfig')?.input['ClientVersion'] ?? '',
            ),
            hapgArns: facts.hapgArns,
            certificateFingerprint: facts.newFingerprint ?? '',
            ...(config?.ConfigType !== undefined ? { configType: config.ConfigType } : {}),
            ...(config?.ConfigFile !== undefined ? { configFile: config.ConfigFile } : {}),
            ...(config?.ConfigCred !== undefined ? { configCred: config.ConfigCred } : {}),
            createdAt: deps.clock.now().toISOString(),
          });
          return `bundle stored at ${bundleLocation || get.location}`;
        }
        default:
          throw new Error(`certificate rotation cannot run step ${step.action}`);
      }
    },
    retryFrom(failedIndex: number): number {
      const failed = plan.steps[failedIndex];
      if (failed?.action === 'DescribeLunaClient') return modifyIndex;
      // StoreConfigBundle needs the GetConfig output of this execution, which it has; resume in place.
      return failedIndex;
    },
    async onSuccess(): Promise<void> {
      try {
        await deps.publisher.publish([
          certificateRotatedEvent({
            planId: plan.planId,
            clientArn: plan.resourceArn,
            label: facts.label,
            accountId: plan.accountId,
            region: plan.region,
            previousFingerprint: facts.currentFingerprint,
            newFingerprint: facts.newFingerprint ?? '',
            notAfter: facts.newNotAfter,
            source: obtained.source,
            hapgArns: facts.hapgArns,
            bundleLocation,
            at: deps.clock.now().toISOString(),
          }),
        ]);
      } catch (err) {
        deps.log?.('error', 'publishing Luna Client Certificate Rotated failed', {
          planId: plan.planId,
          error: (err as Error).message,
        });
      }
    },
  };
}
