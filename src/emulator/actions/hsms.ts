import type { InputOf, OutputOf } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import { invalidRequest, notFound, serviceError } from '../errors';
import { setHsmStatus } from '../state/lifecycle';
import { subnetInfo } from '../state/network';
import { page } from '../state/pagination';
import type { RegionState } from '../state/region-state';
import { renderHsm, type HsmData } from '../state/resources';

const DAY_S = 86400;
/** HSM vendor facts of CloudHSM Classic (SafeNet Luna SA 7000). */
export const HSM_VENDOR = {
  VendorName: 'SafeNet',
  HsmType: 'LunaSA 7000',
  SoftwareVersion: '5.3.13',
} as const;

/** Looks an HSM up by ARN; InvalidRequestException "... not found" otherwise. */
export function findHsm(rs: RegionState, arn: string): HsmData {
  const hsm = rs.hsms.get(arn);
  if (!hsm) throw notFound('HSM', arn);
  return hsm;
}

/** The next free address in a subnet's /24 (hosts .10 upwards). */
export function allocateIp(rs: RegionState, subnetId: string, cidrPrefix: string): string {
  const n = rs.nextHost.get(subnetId) ?? 10;
  rs.nextHost.set(subnetId, n >= 250 ? 10 : n + 1);
  return `${cidrPrefix}.${n}`;
}

/** Parameters for building a new HSM record (used by CreateHsm and the admin seed). */
export interface NewHsmParams {
  SubnetId: string;
  SshKey: string;
  IamRoleArn: string;
  EniIp?: string;
  ExternalId?: string;
  SyslogIp?: string;
  status: 'PENDING' | 'RUNNING';
  partitions: number;
  subscriptionDays?: number;
}

/** Creates an HSM record, registers its serial and partitions, and logs its creation. */
export function createHsmRecord(ctx: EmulatorContext, rs: RegionState, p: NewHsmParams, at: number): HsmData {
  const { store } = ctx;
  const id = store.newId();
  const arn = `${rs.arnPrefix()}hsm-${id}`;
  const net = subnetInfo(ctx.options, rs.region, p.SubnetId);
  store.counters.hsmSerial += 1;
  const serial = String(486_000_000 + store.counters.hsmSerial);
  const partitions: string[] = [];
  for (let i = 0; i < p.partitions; i++) {
    store.counters.partitionSerial += 1;
    const ps = String(100_000_000 + store.counters.partitionSerial);
    partitions.push(`${arn}/partition-${ps}`);
    rs.partitionOwners.set(ps, arn);
  }
  const nowS = Math.floor(at / 1000);
  const hsm: HsmData = {
    HsmArn: arn,
    Status: p.status,
    AvailabilityZone: net.availabilityZone,
    EniId: `eni-${store.newId()}`,
    EniIp: p.EniIp ?? allocateIp(rs, p.SubnetId, net.cidrPrefix),
    SubscriptionType: 'PRODUCTION',
    SubscriptionStartDate: String(nowS),
    SubscriptionEndDate: String(nowS + (p.subscriptionDays ?? 365) * DAY_S),
    VpcId: net.vpcId,
    SubnetId: p.SubnetId,
    IamRoleArn: p.IamRoleArn,
    SerialNumber: serial,
    ...HSM_VENDOR,
    SshPublicKey: p.SshKey,
    SshKeyLastUpdated: String(nowS),
    ServerCertUri: `https://cloudhsm.${rs.region}.amazonaws.com/hsm-${id}/server.pem`,
    ServerCertLastUpdated: String(nowS),
    Partitions: partitions,
    ...(p.ExternalId === undefined ? {} : { ExternalId: p.ExternalId }),
    ...(p.SyslogIp === undefined ? {} : { SyslogIp: p.SyslogIp }),
    Tags: [],
  };
  rs.hsms.set(arn, hsm);
  rs.hsmBySerial.set(serial, arn);
  rs.membershipChanged();
  store.record(rs, arn, 'exists', false, true, at);
  return hsm;
}

/** CreateHsm: PENDING now, RUNNING after the provisioning delay; ClientToken makes it idempotent. */
export function createHsm(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'CreateHsm'>,
): OutputOf<'CreateHsm'> {
  const { ClientToken, ...rest } = input;
  const params = JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, (rest as Record<string, unknown>)[k]]),
  );
  if (ClientToken !== undefined) {
    const prior = rs.clientTokens.get(ClientToken);
    if (prior) {
      if (prior.params !== params) {
        throw invalidRequest(`ClientToken ${ClientToken} was already used with different parameters`);
      }
      return { HsmArn: prior.arn };
    }
  }
  const at = ctx.clock.now();
  const hsm = createHsmRecord(
    ctx,
    rs,
    { ...input, status: 'PENDING', partitions: ctx.options.partitionsPerHsm },
    at,
  );
  if (ClientToken !== undefined) {
    rs.clientTokens.set(ClientToken, { params, arn: hsm.HsmArn });
  }
  ctx.store.schedule(rs, 'hsm', hsm.HsmArn, 'provisioned', at + ctx.options.provisioningDelaySeconds * 1000);
  return { HsmArn: hsm.HsmArn };
}

/** DescribeHsm: exactly one of HsmArn or HsmSerialNumber. */
export function describeHsm(
  _ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'DescribeHsm'>,
): OutputOf<'DescribeHsm'> {
  const { HsmArn, HsmSerialNumber } = input;
  if ((HsmArn === undefined) === (HsmSerialNumber === undefined)) {
    throw invalidRequest('Specify exactly one of HsmArn or HsmSerialNumber');
  }
  const arn = HsmArn ?? rs.hsmBySerial.get(HsmSerialNumber!);
  const hsm = arn === undefined ? undefined : rs.hsms.get(arn);
  if (!hsm) throw HsmArn ? notFound('HSM', HsmArn) : notFound('HSM with serial number', HsmSerialNumber!);
  return renderHsm(hsm);
}

/** ListHsms: one page of HSM ARNs. */
export function listHsms(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ListHsms'>,
): OutputOf<'ListHsms'> {
  const p = page(ctx.store.tokenSecret, rs, 'hsm', ctx.options.pageSize, input.NextToken);
  return p.nextToken ? { HsmList: p.items, NextToken: p.nextToken } : { HsmList: p.items };
}

const MODIFIABLE = new Set(['RUNNING', 'DEGRADED']);

/** ModifyHsm: network and role changes; UPDATING, then RUNNING after the update delay. */
export function modifyHsm(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ModifyHsm'>,
): OutputOf<'ModifyHsm'> {
  const hsm = findHsm(rs, input.HsmArn);
  if (!MODIFIABLE.has(hsm.Status)) {
    throw serviceError(
      `HSM ${hsm.HsmArn} is ${hsm.Status}; it can be modified only when RUNNING or DEGRADED`,
    );
  }
  let ip = input.EniIp;
  let vpc = hsm.VpcId;
  if (input.SubnetId !== undefined && input.SubnetId !== hsm.SubnetId) {
    const net = subnetInfo(ctx.options, rs.region, input.SubnetId);
    if (net.availabilityZone !== hsm.AvailabilityZone) {
      throw invalidRequest(
        `SubnetId ${input.SubnetId} is in ${net.availabilityZone}; HSM ${hsm.HsmArn} can move only within ${hsm.AvailabilityZone}`,
      );
    }
    vpc = net.vpcId;
    ip ??= allocateIp(rs, input.SubnetId, net.cidrPrefix);
  }
  const at = ctx.clock.now();
  const { store } = ctx;
  const arn = hsm.HsmArn;
  if (input.SubnetId !== undefined) store.set(rs, hsm, arn, 'SubnetId', input.SubnetId, at);
  store.set(rs, hsm, arn, 'VpcId', vpc, at);
  if (ip !== undefined) store.set(rs, hsm, arn, 'EniIp', ip, at);
  if (input.IamRoleArn !== undefined) store.set(rs, hsm, arn, 'IamRoleArn', input.IamRoleArn, at);
  if (input.ExternalId !== undefined) store.set(rs, hsm, arn, 'ExternalId', input.ExternalId, at);
  if (input.SyslogIp !== undefined) store.set(rs, hsm, arn, 'SyslogIp', input.SyslogIp, at);
  setHsmStatus(ctx, rs, hsm, 'UPDATING', undefined, at);
  store.schedule(rs, 'hsm', arn, 'updated', at + ctx.options.updateDelaySeconds * 1000);
  return { HsmArn: arn };
}

/** DeleteHsm: TERMINATING, then TERMINATED, then gone after the retention time. */
export function deleteHsm(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'DeleteHsm'>,
): OutputOf<'DeleteHsm'> {
  const hsm = findHsm(rs, input.HsmArn);
  if (hsm.Status === 'TERMINATING' || hsm.Status === 'TERMINATED') {
    throw serviceError(`HSM ${hsm.HsmArn} is already ${hsm.Status}`);
  }
  const at = ctx.clock.now();
  setHsmStatus(ctx, rs, hsm, 'TERMINATING', undefined, at);
  ctx.store.schedule(rs, 'hsm', hsm.HsmArn, 'terminated', at + ctx.options.terminationDelaySeconds * 1000);
  return { Status: 'OK' };
}
