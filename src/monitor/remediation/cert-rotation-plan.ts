/**
 * Luna client certificate rotation planner (pure). Checks the candidate certificate and the
 * guardrails, then lists the steps: (store the generated key), ModifyLunaClient, verify the
 * fingerprint with DescribeLunaClient, GetConfig for the client's HAPGs, store the config bundle.
 */
import type { HapgRecord, LunaClientRecord, ResourceRecord } from '../records';
import { checkCandidateCertificate } from './certificate-checks';
import {
  GUARD_SKIP_REASONS,
  guardChecks,
  planHeader,
  planVerdict,
  resourceMissingPlan,
  runCapCheck,
  type GuardedPlanInput,
} from './plan-guards';
import { REMEDIATION_TAGS, resolveMode, splitTagList, type RemediationPolicy } from './policy';
import type { PlanStep, PlanTrigger, PreCheck, RemediationPlan, SkipReason } from './types';

const HAPG_ARN = /^arn:aws(-iso)?:cloudhsm:[a-zA-Z0-9-]*:[0-9]{12}:hapg-[0-9a-f]{8}$/;

const REASON_BY_CHECK: Readonly<Record<string, SkipReason>> = {
  ...GUARD_SKIP_REASONS,
  'rotation-window': 'outside-rotation-window',
  'hapgs-resolved': 'no-hapgs',
};

/** Where the new certificate came from. */
export type CertificateSourceKind = 'secretsManager' | 'generate';

/** The new certificate, or why none could be obtained. PEM stays in memory, never in the plan. */
export type CandidateCertificate =
  | { readonly pem: string; readonly source: CertificateSourceKind; readonly keyRef?: string }
  | { readonly error: string; readonly source: CertificateSourceKind };

/** Everything the rotation planner looks at. */
export interface CertRotationInput extends GuardedPlanInput {
  readonly trigger: PlanTrigger & { readonly daysToExpiry?: number };
  readonly clientArn: string;
  readonly records: readonly ResourceRecord[];
  readonly candidate: CandidateCertificate;
  /** Where the bundle will be stored (for the plan's step input). */
  readonly bundleLocation: string;
}

/**
 * Which HAPGs the client's config covers: tag `hsmwatch:hapgs` on the client, then the config's
 * `clientHapgs`, else every READY HAPG of the target (a client usually talks to all of them).
 */
export function hapgsForClient(
  client: LunaClientRecord,
  records: readonly ResourceRecord[],
  policy: RemediationPolicy,
): { hapgArns: string[]; source: string } {
  const tagged = splitTagList(client.Tags[REMEDIATION_TAGS.hapgs]);
  if (tagged.length > 0) return { hapgArns: tagged.sort(), source: `tag ${REMEDIATION_TAGS.hapgs}` };
  const configured = policy.clientHapgs[client.ClientArn];
  if (configured && configured.length > 0)
    return { hapgArns: [...configured].sort(), source: 'config clientHapgs' };
  const ready = records
    .filter((r): r is HapgRecord => r.resourceType === 'hapg' && r.State === 'READY')
    .map((h) => h.HapgArn)
    .sort();
  return { hapgArns: ready, source: 'all READY HAPGs of the target' };
}

/** Plans the rotation of one client's certificate. */
export function planCertRotation(input: CertRotationInput): RemediationPlan {
  const { policy, trigger } = input;
  const base = planHeader('cert-rotation', input.clientArn, input);
  const client = input.records.find(
    (r): r is LunaClientRecord => r.resourceType === 'luna-client' && r.ClientArn === input.clientArn,
  );
  if (!client) return resourceMissingPlan(base, policy);
  const resolved = resolveMode(policy, client.Tags);
  const hapgs = hapgsForClient(client, input.records, policy);
  // GetConfig takes ARNs only: a label in the tag would fail after the certificate was changed.
  const badHapgs = hapgs.hapgArns.filter((a) => !HAPG_ARN.test(a));
  const candidate = input.candidate;
  const certCheck =
    'pem' in candidate
      ? checkCandidateCertificate(candidate.pem, input.now, client.CertificateFingerprint)
      : {
          ok: false,
          checks: [{ name: 'certificate-obtained', passed: false, detail: candidate.error }],
          facts: undefined,
        };
  const manual = trigger.daysToExpiry === undefined;
  const inWindow = manual || (trigger.daysToExpiry as number) <= policy.rotateBeforeDays;

  const preChecks: PreCheck[] = [
    ...guardChecks(input),
    {
      name: 'rotation-window',
      passed: inWindow,
      detail: manual
        ? `requested by ${trigger.requestedBy ?? 'operator'}`
        : `${trigger.daysToExpiry} days to expiry; rotate inside ${policy.rotateBeforeDays}`,
    },
    ...certCheck.checks,
    {
      name: 'hapgs-resolved',
      passed: hapgs.hapgArns.length > 0 && badHapgs.length === 0,
      detail:
        badHapgs.length > 0
          ? `not HAPG ARNs (${hapgs.source}): ${badHapgs.join(', ')}`
          : hapgs.hapgArns.length > 0
            ? `${hapgs.hapgArns.length} HAPGs from ${hapgs.source}`
            : `no HAPGs (${hapgs.source})`,
    },
    runCapCheck(input),
  ];
  const newMd5 = certCheck.facts?.md5;
  const steps: PlanStep[] = [];
  if (candidate.source === 'generate') {
    steps.push({
      action: 'StorePrivateKey',
      input: { keyRef: 'pem' in candidate ? (candidate.keyRef ?? '') : '' },
      reason: 'keep the generated private key in Secrets Manager for the client host',
      mutating: true,
    });
  }
  steps.push(
    {
      action: 'ModifyLunaClient',
      input: { ClientArn: client.ClientArn, CertificateFingerprint: newMd5 ?? null },
      reason: certReason(client, trigger),
      mutating: true,
    },
    {
      action: 'DescribeLunaClient',
      input: { ClientArn: client.ClientArn, expectFingerprint: newMd5 ?? null },
      reason: 'verify the service now holds the new certificate',
      mutating: false,
    },
    {
      action: 'GetConfig',
      input: { ClientArn: client.ClientArn, ClientVersion: policy.clientVersion, HapgList: hapgs.hapgArns },
      reason: `client config for ${hapgs.source}`,
      mutating: false,
    },
    {
      action: 'StoreConfigBundle',
      input: { location: input.bundleLocation },
      reason: 'where the client host collects its new config',
      mutating: true,
    },
  );

  const reasons: SkipReason[] = [];
  if (resolved.mode === 'off') reasons.push('remediation-off');
  for (const check of preChecks) {
    if (check.passed) continue;
    const reason = REASON_BY_CHECK[check.name];
    // Every other check is about the candidate certificate: one reason for all of them.
    if (reason) reasons.push(reason);
    else if (!reasons.includes('bad-certificate')) reasons.push('bad-certificate');
  }
  const verdict = planVerdict(resolved.mode, reasons);
  return {
    ...base,
    mode: resolved.mode,
    steps,
    preChecks,
    verdict,
    reasons,
    facts: {
      label: client.Label ?? null,
      currentFingerprint: client.CertificateFingerprint ?? null,
      currentNotAfter: client.Certificate?.notAfter ?? null,
      newFingerprint: newMd5 ?? null,
      newNotAfter: certCheck.facts?.notAfter ?? null,
      source: candidate.source,
      hapgArns: hapgs.hapgArns,
      hapgSource: hapgs.source,
      modeNote: resolved.note,
    },
  };
}

function certReason(client: LunaClientRecord, trigger: CertRotationInput['trigger']): string {
  const expiry = client.Certificate?.notAfter
    ? ` (current certificate expires ${client.Certificate.notAfter})`
    : '';
  return trigger.daysToExpiry === undefined
    ? `rotation requested by ${trigger.requestedBy ?? 'operator'}${expiry}`
    : `certificate expires in ${trigger.daysToExpiry} days${expiry}`;
}
