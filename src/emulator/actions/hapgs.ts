import type { InputOf, OutputOf } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import { invalidRequest, notFound, serviceError } from '../errors';
import { page } from '../state/pagination';
import type { RegionState } from '../state/region-state';
import { renderHapg, type HapgData } from '../state/resources';

/** Looks a HAPG up by ARN; InvalidRequestException "... not found" otherwise. */
export function findHapg(rs: RegionState, arn: string): HapgData {
  const g = rs.hapgs.get(arn);
  if (!g) throw notFound('HAPG', arn);
  return g;
}

/** Creates a READY HAPG record with the given members (used by CreateHapg and the admin seed). */
export function createHapgRecord(
  ctx: EmulatorContext,
  rs: RegionState,
  label: string,
  partitionSerials: string[],
  at: number,
): HapgData {
  const { store } = ctx;
  const arn = `${rs.arnPrefix()}hapg-${store.newId()}`;
  store.counters.hapgSerial += 1;
  const g: HapgData = {
    HapgArn: arn,
    HapgSerial: String(1_000_000 + store.counters.hapgSerial),
    HsmsLastActionFailed: [],
    HsmsPendingDeletion: [],
    HsmsPendingRegistration: [],
    Label: label,
    LastModifiedTimestamp: String(Math.floor(at / 1000)),
    PartitionSerialList: partitionSerials,
    State: 'READY',
    Tags: [],
  };
  rs.hapgs.set(arn, g);
  rs.membershipChanged();
  store.record(rs, arn, 'exists', false, true, at);
  return g;
}

/** CreateHapg: a new, empty, READY group. */
export function createHapg(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'CreateHapg'>,
): OutputOf<'CreateHapg'> {
  return { HapgArn: createHapgRecord(ctx, rs, input.Label, [], ctx.clock.now()).HapgArn };
}

/** DescribeHapg. */
export function describeHapg(
  _ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'DescribeHapg'>,
): OutputOf<'DescribeHapg'> {
  return renderHapg(findHapg(rs, input.HapgArn));
}

/** ListHapgs: one page of HAPG ARNs. */
export function listHapgs(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ListHapgs'>,
): OutputOf<'ListHapgs'> {
  const p = page(ctx.store.tokenSecret, rs, 'hapg', ctx.options.pageSize, input.NextToken);
  return p.nextToken ? { HapgList: p.items, NextToken: p.nextToken } : { HapgList: p.items };
}

function ownersOf(rs: RegionState, serials: Iterable<string>): string[] {
  const out: string[] = [];
  for (const s of serials) {
    const o = rs.partitionOwners.get(s);
    if (o && !out.includes(o)) out.push(o);
  }
  return out;
}

/**
 * ModifyHapg: a label change applies at once; a membership change puts the group in UPDATING
 * with the added members' HSMs pending registration and the removed ones pending deletion.
 */
export function modifyHapg(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ModifyHapg'>,
): OutputOf<'ModifyHapg'> {
  const g = findHapg(rs, input.HapgArn);
  const list = input.PartitionSerialList;
  if (list !== undefined) {
    const seen = new Set<string>();
    for (const serial of list) {
      if (seen.has(serial)) throw invalidRequest(`PartitionSerialList names partition ${serial} twice`);
      seen.add(serial);
      const owner = rs.partitionOwners.get(serial);
      if (!owner || !rs.hsms.has(owner)) {
        throw invalidRequest(`PartitionSerialList: partition ${serial} not found in this account and region`);
      }
    }
    if (g.State === 'UPDATING' && !sameSet(list, g.PartitionSerialList)) {
      throw serviceError(`HAPG ${g.HapgArn} is UPDATING; change its members once it is READY or DEGRADED`);
    }
  }
  const at = ctx.clock.now();
  const { store } = ctx;
  const arn = g.HapgArn;
  let changed = input.Label !== undefined && store.set(rs, g, arn, 'Label', input.Label, at);
  if (list !== undefined && !sameSet(list, g.PartitionSerialList)) {
    const before = new Set(g.PartitionSerialList);
    const added = list.filter((s) => !before.has(s));
    const removed = g.PartitionSerialList.filter((s) => !list.includes(s));
    store.set(rs, g, arn, 'PartitionSerialList', [...list], at);
    store.set(rs, g, arn, 'HsmsPendingRegistration', ownersOf(rs, added), at);
    store.set(rs, g, arn, 'HsmsPendingDeletion', ownersOf(rs, removed), at);
    store.set(rs, g, arn, 'State', 'UPDATING', at);
    store.schedule(rs, 'hapg', arn, 'hapg-updated', at + ctx.options.updateDelaySeconds * 1000);
    changed = true;
  }
  if (changed) store.set(rs, g, arn, 'LastModifiedTimestamp', String(Math.floor(at / 1000)), at);
  return { HapgArn: arn };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** DeleteHapg: removed at once. */
export function deleteHapg(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'DeleteHapg'>,
): OutputOf<'DeleteHapg'> {
  const g = findHapg(rs, input.HapgArn);
  rs.hapgs.delete(g.HapgArn);
  rs.membershipChanged();
  ctx.store.unschedule(g.HapgArn);
  ctx.store.record(rs, g.HapgArn, 'exists', true, false);
  return { Status: 'OK' };
}
