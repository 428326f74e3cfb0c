/** Options of the emulator, their defaults, and the resolved form the server runs with. */

/** One SigV4 identity the emulator accepts. */
export interface EmulatorCredential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

/** A subnet the emulator knows, overriding the id-derived AZ/VPC/CIDR. */
export interface SubnetConfig {
  subnetId: string;
  availabilityZone: string;
  vpcId: string;
  /** First three octets of a /24, e.g. `10.0.1`. */
  cidrPrefix?: string;
}

/** Options accepted by `startEmulator`. */
export interface EmulatorOptions {
  port?: number;
  host?: '127.0.0.1';
  credentials?: EmulatorCredential[];
  clock?: 'real' | 'simulated';
  /** Start of a simulated clock (ISO 8601). */
  startTime?: string;
  provisioningDelaySeconds?: number;
  updateDelaySeconds?: number;
  terminationDelaySeconds?: number;
  terminatedRetentionSeconds?: number;
  partitionsPerHsm?: number;
  pageSize?: number;
  admin?: boolean;
  adminToken?: string;
  stateFile?: string;
  logRequests?: boolean;
  subnets?: SubnetConfig[];
  /** Milliseconds persistence waits to coalesce changes before writing (default 50). */
  persistDebounceMs?: number;
}

/** The default identity (the AWS documentation example keys). */
export const DEFAULT_CREDENTIALS: EmulatorCredential = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accountId: '123456789012',
};

/** The region used when nothing else names one (seed, CLI examples). */
export const DEFAULT_REGION = 'us-east-1';

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  credentials: EmulatorCredential[];
  clock: 'real' | 'simulated';
  startTime?: string;
  provisioningDelaySeconds: number;
  updateDelaySeconds: number;
  terminationDelaySeconds: number;
  terminatedRetentionSeconds: number;
  partitionsPerHsm: number;
  pageSize: number;
  admin: boolean;
  adminToken?: string;
  stateFile?: string;
  logRequests: boolean;
  subnets: SubnetConfig[];
  persistDebounceMs: number;
}

function nonNegative(name: string, v: number | undefined, dflt: number): number {
  const n = v ?? dflt;
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0 (got ${String(v)})`);
  return n;
}

function positiveInt(name: string, v: number | undefined, dflt: number, max: number): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${name} must be an integer 1..${max} (got ${String(v)})`);
  return n;
}

/** Fills defaults and checks ranges; throws an Error naming the option on bad values. */
export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  const credentials = o.credentials ?? [DEFAULT_CREDENTIALS];
  if (credentials.length === 0) throw new Error('credentials must hold at least one identity');
  for (const [i, c] of credentials.entries()) {
    if (!c || typeof c.accessKeyId !== 'string' || !c.accessKeyId)
      throw new Error(`credentials[${i}].accessKeyId is required`);
    if (typeof c.secretAccessKey !== 'string' || !c.secretAccessKey)
      throw new Error(`credentials[${i}].secretAccessKey is required`);
    if (typeof c.accountId !== 'string' || !/^\d{12}$/.test(c.accountId))
      throw new Error(`credentials[${i}].accountId must be 12 digits`);
  }
  for (const [i, sn] of (o.subnets ?? []).entries()) {
    if (!sn || typeof sn.subnetId !== 'string' || !/^subnet-[0-9a-f]{8}$/.test(sn.subnetId))
      throw new Error(`subnets[${i}].subnetId must look like subnet-0123abcd`);
    if (typeof sn.availabilityZone !== 'string' || !/^[a-z0-9-]+$/.test(sn.availabilityZone))
      throw new Error(`subnets[${i}].availabilityZone is required`);
    if (typeof sn.vpcId !== 'string' || !/^vpc-[0-9a-f]{8}$/.test(sn.vpcId))
      throw new Error(`subnets[${i}].vpcId must look like vpc-0123abcd`);
    if (sn.cidrPrefix !== undefined && !/^\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(sn.cidrPrefix))
      throw new Error(`subnets[${i}].cidrPrefix must look like 10.0.1`);
  }
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    credentials,
    clock: o.clock ?? 'real',
    ...(o.startTime === undefined ? {} : { startTime: o.startTime }),
    provisioningDelaySeconds: nonNegative('provisioningDelaySeconds', o.provisioningDelaySeconds, 10),
    updateDelaySeconds: nonNegative('updateDelaySeconds', o.updateDelaySeconds, 5),
    terminationDelaySeconds: nonNegative('terminationDelaySeconds', o.terminationDelaySeconds, 5),
    terminatedRetentionSeconds: nonNegative('terminatedRetentionSeconds', o.terminatedRetentionSeconds, 60),
    partitionsPerHsm: positiveInt('partitionsPerHsm', o.partitionsPerHsm, 1, 20),
    pageSize: positiveInt('pageSize', o.pageSize, 50, 1000),
    admin: o.admin ?? true,
    ...(o.adminToken === undefined ? {} : { adminToken: o.adminToken }),
    ...(o.stateFile === undefined ? {} : { stateFile: o.stateFile }),
    logRequests: o.logRequests ?? false,
    subnets: o.subnets ?? [],
    persistDebounceMs: nonNegative('persistDebounceMs', o.persistDebounceMs, 50),
  };
}
