import type { HsmStatus } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import type { RegionState } from './region-state';
import type { HapgData, HsmData } from './resources';
import type { PendingTransition } from './store';

/** HSM statuses in which a HAPG member counts as healthy. */
const HEALTHY: ReadonlySet<HsmStatus> = new Set<HsmStatus>(['RUNNING', 'UPDATING']);

/** Distinct HSM ARNs of a group's members whose HSM is gone or not RUNNING/UPDATING, in list order. */
export function unhealthyMembers(rs: RegionState, g: HapgData): string[] {
  const out: string[] = [];
  for (const serial of g.PartitionSerialList) {
    const owner = rs.partitionOwners.get(serial);
    if (!owner) continue;
    const hsm = rs.hsms.get(owner);
    if ((!hsm || !HEALTHY.has(hsm.Status)) && !out.includes(owner)) out.push(owner);
  }
  return out;
}

/** HAPGs of a region holding any partition of the HSM. */
export function groupsHolding(rs: RegionState, hsmArn: string): HapgData[] {
  const out: HapgData[] = [];
  for (const g of rs.hapgs.values()) {
    if (g.PartitionSerialList.some((s) => rs.partitionOwners.get(s) === hsmArn)) out.push(g);
  }
  return out;
}

/** Re-derives a settled group's State and HsmsLastActionFailed from its members' HSMs. */
export function recomputeHapg(ctx: EmulatorContext, rs: RegionState, g: HapgData, at: number): void {
  if (g.State === 'UPDATING') return; // the update's completion decides
  const failed = unhealthyMembers(rs, g);
  const s = ctx.store;
  const failedChanged = s.set(rs, g, g.HapgArn, 'HsmsLastActionFailed', failed, at);
  const stateChanged = s.set(rs, g, g.HapgArn, 'State', failed.length ? 'DEGRADED' : 'READY', at);
  if (failedChanged || stateChanged)
    s.set(rs, g, g.HapgArn, 'LastModifiedTimestamp', String(Math.floor(at / 1000)), at);
}

/** Sets an HSM's status (and details) and lets every HAPG holding its partitions follow. */
export function setHsmStatus(
  ctx: EmulatorContext,
  rs: RegionState,
  hsm: HsmData,
  status: HsmStatus,
  details: string | undefined,
  at: number,
): void {
  const s = ctx.store;
  s.set(rs, hsm, hsm.HsmArn, 'Status', status, at);
  s.set(rs, hsm, hsm.HsmArn, 'StatusDetails', details, at);
  for (const g of groupsHolding(rs, hsm.HsmArn)) recomputeHapg(ctx, rs, g, at);
}

/** Keeps a TERMINATED HSM listed for the retention period, then removes it (removeHsm). */
export function scheduleRemoval(ctx: EmulatorContext, rs: RegionState, hsm: HsmData, at: number): void {
  ctx.store.schedule(rs, 'hsm', hsm.HsmArn, 'removed', at + ctx.options.terminatedRetentionSeconds * 1000);
}

/** Removes an HSM for good (after TERMINATED has been kept long enough). */
export function removeHsm(ctx: EmulatorContext, rs: RegionState, hsm: HsmData, at: number): void {
  rs.hsms.delete(hsm.HsmArn);
  rs.hsmBySerial.delete(hsm.SerialNumber);
  rs.membershipChanged();
  ctx.store.unschedule(hsm.HsmArn);
  ctx.store.record(rs, hsm.HsmArn, 'exists', true, false, at);
  for (const g of groupsHolding(rs, hsm.HsmArn)) recomputeHapg(ctx, rs, g, at);
}

function apply(ctx: EmulatorContext, p: PendingTransition): void {
  const rs = ctx.store.region(p.accountId, p.region);
  const at = p.due;
  if (p.family === 'hapg') {
    const g = rs.hapgs.get(p.arn);
    if (!g || g.State !== 'UPDATING') return;
    const s = ctx.store;
    s.set(rs, g, g.HapgArn, 'HsmsPendingRegistration', [], at);
    s.set(rs, g, g.HapgArn, 'HsmsPendingDeletion', [], at);
    const failed = unhealthyMembers(rs, g);
    s.set(rs, g, g.HapgArn, 'HsmsLastActionFailed', failed, at);
    s.set(rs, g, g.HapgArn, 'State', failed.length ? 'DEGRADED' : 'READY', at);
    s.set(rs, g, g.HapgArn, 'LastModifiedTimestamp', String(Math.floor(at / 1000)), at);
    return;
  }
  const hsm = rs.hsms.get(p.arn);
  if (!hsm) return;
  switch (p.action) {
    case 'provisioned':
      if (hsm.Status === 'PENDING') setHsmStatus(ctx, rs, hsm, 'RUNNING', undefined, at);
      return;
    case 'updated':
      if (hsm.Status === 'UPDATING') setHsmStatus(ctx, rs, hsm, 'RUNNING', undefined, at);
      return;
    case 'terminated':
      if (hsm.Status === 'TERMINATING') {
        setHsmStatus(ctx, rs, hsm, 'TERMINATED', undefined, at);
        scheduleRemoval(ctx, rs, hsm, at);
      }
      return;
    case 'removed':
      if (hsm.Status === 'TERMINATED') removeHsm(ctx, rs, hsm, at);
      return;
    default:
      return;
  }
}

/**
 * Applies every transition due by now, earliest first (ties in scheduling order), each stamped
 * with its own due time so the log is the same however late the clock is read.
 */
export function advanceLifecycle(ctx: EmulatorContext, now: number = ctx.clock.now()): void {
  for (let p = ctx.store.takeDue(now); p; p = ctx.store.takeDue(now)) apply(ctx, p);
}
