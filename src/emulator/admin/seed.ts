import { makeCertificate } from '../certificates';
import type { EmulatorContext } from '../context';
import { createHapgRecord } from '../actions/hapgs';
import { createHsmRecord } from '../actions/hsms';
import { createClientRecord } from '../actions/luna-clients';
import { subnetIdFor } from '../state/network';
import { DEFAULT_REGION } from '../options';

/** POST /_emulator/seed body. */
export interface SeedRequest {
  accountId?: string;
  region?: string;
  hsms: number;
  hapgs: number;
  clients: number;
  partitionsPerHsm?: number;
  seed?: number;
  /** HSMs per HAPG, spread across AZs (default 2). */
  membersPerHapg?: number;
  /** Validity of client certificates from now (default 365). */
  clientCertValidDays?: number;
  /** HSM subscription length from now (default 365). */
  subscriptionEndDays?: number;
}

/** What a seed created. */
export interface SeedResult {
  hsmArns: string[];
  hapgArns: string[];
  clientArns: string[];
}

const DAY_MS = 86400 * 1000;

/** Checks a seed request; returns a message naming the bad field, or undefined. */
export function checkSeedRequest(r: unknown): string | undefined {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return 'body must be a JSON object';
  const o = r as Record<string, unknown>;
  const count = (k: string, max: number, required: boolean) => {
    const v = o[k];
    if (v === undefined) return required ? `${k} is required` : undefined;
    return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max
      ? undefined
      : `${k} must be an integer 0..${max}`;
  };
  return (
    count('hsms', 10000, true) ??
    count('hapgs', 10000, true) ??
    count('clients', 10000, true) ??
    count('membersPerHapg', 32, false) ??
    count('seed', 2 ** 31, false) ??
    (o.partitionsPerHsm !== undefined &&
    !(
      Number.isInteger(o.partitionsPerHsm) &&
      (o.partitionsPerHsm as number) >= 1 &&
      (o.partitionsPerHsm as number) <= 20
    )
      ? 'partitionsPerHsm must be an integer 1..20'
      : undefined) ??
    (o.clientCertValidDays !== undefined &&
    !(typeof o.clientCertValidDays === 'number' && Number.isFinite(o.clientCertValidDays))
      ? 'clientCertValidDays must be a number'
      : undefined) ??
    (o.subscriptionEndDays !== undefined &&
    !(typeof o.subscriptionEndDays === 'number' && Number.isFinite(o.subscriptionEndDays))
      ? 'subscriptionEndDays must be a number'
      : undefined) ??
    (o.accountId !== undefined && !(typeof o.accountId === 'string' && /^\d{12}$/.test(o.accountId))
      ? 'accountId must be 12 digits'
      : undefined) ??
    (o.region !== undefined && !(typeof o.region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(o.region))
      ? 'region must look like us-east-1'
      : undefined)
  );
}

/**
 * Builds a consistent fleet at once: RUNNING HSMs round-robin over the region's AZs, READY HAPGs
 * whose members come from different AZs, and clients with real certificates. Certificates are
 * made first, so the fleet appears in one synchronous step.
 */
export async function seedFleet(
  ctx: EmulatorContext,
  defaultAccount: string,
  req: SeedRequest,
): Promise<SeedResult> {
  const accountId = req.accountId ?? defaultAccount;
  const region = req.region ?? DEFAULT_REGION;
  const seed = req.seed ?? 1;
  const at = ctx.clock.now();
  const certs: string[] = [];
  const validDays = req.clientCertValidDays ?? 365;
  for (let i = 0; i < req.clients; i++) {
    certs.push(
      makeCertificate({
        commonName: `hsmwatch-seed-${seed}-client-${ctx.store.counters.id + i + 1}`,
        serialNumber: (0x100000 + ctx.store.counters.id * 7 + i).toString(16) + seed.toString(16),
        notBefore: new Date(Math.min(at, at + validDays * DAY_MS) - DAY_MS),
        notAfter: new Date(at + validDays * DAY_MS),
      }),
    );
  }
  const rs = ctx.store.region(accountId, region);
  const partitions = req.partitionsPerHsm ?? ctx.options.partitionsPerHsm;
  const hsms = [];
  for (let i = 0; i < req.hsms; i++) {
    hsms.push(
      createHsmRecord(
        ctx,
        rs,
        {
          SubnetId: subnetIdFor(seed, i % 3),
          SshKey: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ seed${seed}`,
          IamRoleArn: `arn:aws:iam::${accountId}:role/CloudHsmServiceRole`,
          status: 'RUNNING',
          partitions,
          subscriptionDays: req.subscriptionEndDays ?? 365,
        },
        at,
      ),
    );
  }
  const perGroup = Math.min(req.membersPerHapg ?? 2, hsms.length);
  const hapgArns: string[] = [];
  for (let j = 0; j < req.hapgs; j++) {
    const serials: string[] = [];
    for (let t = 0; t < perGroup; t++) {
      const hsm = hsms[(j * perGroup + t) % hsms.length]!;
      const part = hsm.Partitions[j % hsm.Partitions.length]!;
      const serial = part.slice(part.lastIndexOf('-') + 1);
      if (!serials.includes(serial)) serials.push(serial);
    }
    hapgArns.push(createHapgRecord(ctx, rs, `seed${seed}-hapg-${j + 1}`, serials, at).HapgArn);
  }
  const clientArns = certs.map(
    (c, k) => createClientRecord(ctx, rs, c, `seed${seed}-client-${k + 1}`, at).ClientArn,
  );
  return { hsmArns: hsms.map((h) => h.HsmArn), hapgArns, clientArns };
}
