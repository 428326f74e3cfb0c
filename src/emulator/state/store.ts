import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { RegionState } from './region-state';
import type { Family, HapgData, HsmData, LunaClientData } from './resources';

/** One entry of the ground-truth change log (GET /_emulator/log). */
export interface StateChange {
  seq: number;
  /** ISO 8601 instant of the change on the emulator's clock. */
  at: string;
  accountId: string;
  region: string;
  arn: string;
  /** A wire member name (`Status`, `State`, `PartitionSerialList`, ...), `Tags`, or `exists`. */
  field: string;
  from: unknown;
  to: unknown;
}

/** A transition waiting for the clock. */
export interface PendingTransition {
  accountId: string;
  region: string;
  family: Family;
  arn: string;
  action: 'provisioned' | 'updated' | 'terminated' | 'removed' | 'hapg-updated';
  /** Epoch ms the transition is due. */
  due: number;
  seq: number;
}

/** Serialisable form of the whole store (persistence). */
export interface StoreSnapshot {
  version: 1;
  clockNow?: number;
  tokenSecret: string;
  counters: Store['counters'];
  seq: number;
  pendingSeq: number;
  log: StateChange[];
  pending: PendingTransition[];
  regions: {
    accountId: string;
    region: string;
    hsms: HsmData[];
    hapgs: HapgData[];
    clients: LunaClientData[];
    partitionOwners: [string, string][];
    clientTokens: [string, { params: string; arn: string }][];
    nextHost: [string, number][];
  }[];
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Log values are copies; an unset member is logged as null so every entry has `from` and `to`. */
function copy(v: unknown): unknown {
  if (v === undefined) return null;
  return Array.isArray(v) ? structuredClone(v) : v;
}

/** The emulator's whole state: regions per account, the change log, counters and pending transitions. */
export class Store {
  readonly regions = new Map<string, RegionState>();
  log: StateChange[] = [];
  seq = 0;
  counters = { id: 0, hsmSerial: 0, partitionSerial: 0, hapgSerial: 0 };
  tokenSecret = randomBytes(16).toString('hex');
  readonly pending = new Map<string, PendingTransition>();
  private pendingSeq = 0;
  private nextDue = Infinity;
  /** Called after every change (persistence hooks in here). */
  onChange: () => void = () => {};

  constructor(readonly clock: Clock) {}

  /** The state of one account in one region, created on first use. */
  region(accountId: string, region: string): RegionState {
    const key = `${accountId}/${region}`;
    let rs = this.regions.get(key);
    if (!rs) {
      rs = new RegionState(accountId, region);
      this.regions.set(key, rs);
    }
    return rs;
  }

  /** ISO form of an instant (default: now). */
  iso(at: number = this.clock.now()): string {
    return new Date(at).toISOString();
  }

  /** A fresh 8-hex-digit id, deterministic in the order ids are asked for, unique in the store. */
  newId(): string {
    for (;;) {
      this.counters.id += 1;
      const id = createHash('sha256')
        .update(`${this.tokenSecret}:${this.counters.id}`)
        .digest('hex')
        .slice(0, 8);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }
  private readonly usedIds = new Set<string>();

  /** Appends one change to the log. */
  record(rs: RegionState, arn: string, field: string, from: unknown, to: unknown, at?: number): void {
    this.seq += 1;
    this.log.push({
      seq: this.seq,
      at: this.iso(at),
      accountId: rs.accountId,
      region: rs.region,
      arn,
      field,
      from: copy(from),
      to: copy(to),
    });
    this.onChange();
  }

  /** Sets one field, logging it when the value really changes. Returns true on change. */
  set<T extends object, K extends keyof T & string>(
    rs: RegionState,
    obj: T,
    arn: string,
    field: K,
    value: T[K],
    at?: number,
  ): boolean {
    const before = obj[field];
    if (same(before, value)) return false;
    obj[field] = value;
    this.record(rs, arn, field, before, value, at);
    return true;
  }

  /** Schedules (or replaces) the one pending transition of a resource. */
  schedule(
    rs: RegionState,
    family: Family,
    arn: string,
    action: PendingTransition['action'],
    due: number,
  ): void {
    this.pendingSeq += 1;
    this.pending.set(arn, {
      accountId: rs.accountId,
      region: rs.region,
      family,
      arn,
      action,
      due,
      seq: this.pendingSeq,
    });
    if (due < this.nextDue) this.nextDue = due;
    this.onChange();
  }

  /** Cancels a resource's pending transition. */
  unschedule(arn: string): void {
    if (this.pending.delete(arn)) this.recomputeNextDue();
  }

  /** Removes and returns the earliest transition due at or before `now`, if any. */
  takeDue(now: number): PendingTransition | undefined {
    if (now < this.nextDue) return undefined;
    let best: PendingTransition | undefined;
    for (const p of this.pending.values()) {
      if (p.due <= now && (!best || p.due < best.due || (p.due === best.due && p.seq < best.seq))) best = p;
    }
    if (best) this.pending.delete(best.arn);
    this.recomputeNextDue();
    return best;
  }

  private recomputeNextDue(): void {
    let min = Infinity;
    for (const p of this.pending.values()) if (p.due < min) min = p.due;
    this.nextDue = min;
  }

  /** Clears every resource, the log and the counters. */
  reset(): void {
    this.regions.clear();
    this.log = [];
    this.seq = 0;
    this.counters = { id: 0, hsmSerial: 0, partitionSerial: 0, hapgSerial: 0 };
    this.tokenSecret = randomBytes(16).toString('hex');
    this.pending.clear();
    this.usedIds.clear();
    this.nextDue = Infinity;
    this.clock.reset();
    this.onChange();
  }

  /** The whole state as plain JSON. */
  snapshot(): StoreSnapshot {
    return {
      version: 1,
      ...(this.clock.kind === 'simulated' ? { clockNow: this.clock.now() } : {}),
      tokenSecret: this.tokenSecret,
      counters: { ...this.counters },
      seq: this.seq,
      pendingSeq: this.pendingSeq,
      log: this.log,
      pending: [...this.pending.values()],
      regions: [...this.regions.values()]
        .filter((rs) => !rs.isEmpty() || rs.clientTokens.size > 0)
        .map((rs) => ({
          accountId: rs.accountId,
          region: rs.region,
          hsms: [...rs.hsms.values()],
          hapgs: [...rs.hapgs.values()],
          clients: [...rs.clients.values()],
          partitionOwners: [...rs.partitionOwners],
          clientTokens: [...rs.clientTokens],
          nextHost: [...rs.nextHost],
        })),
    };
  }

  /** Replaces the state with a snapshot (persistence load). */
  restore(s: StoreSnapshot): void {
    if (s.version !== 1) throw new Error(`unsupported state file version ${String(s.version)}`);
    this.regions.clear();
    this.usedIds.clear();
    this.tokenSecret = s.tokenSecret;
    this.counters = { ...s.counters };
    this.seq = s.seq;
    this.pendingSeq = s.pendingSeq;
    this.log = s.log;
    this.pending.clear();
    for (const p of s.pending) this.pending.set(p.arn, p);
    this.recomputeNextDue();
    for (const r of s.regions) {
      const rs = this.region(r.accountId, r.region);
      for (const h of r.hsms) {
        rs.hsms.set(h.HsmArn, h);
        rs.hsmBySerial.set(h.SerialNumber, h.HsmArn);
      }
      for (const g of r.hapgs) rs.hapgs.set(g.HapgArn, g);
      for (const c of r.clients) rs.clients.set(c.ClientArn, c);
      for (const [k, v] of r.partitionOwners) rs.partitionOwners.set(k, v);
      for (const [k, v] of r.clientTokens) rs.clientTokens.set(k, v);
      for (const [k, v] of r.nextHost) rs.nextHost.set(k, v);
      for (const arn of [...rs.hsms.keys(), ...rs.hapgs.keys(), ...rs.clients.keys()]) {
        this.usedIds.add(arn.slice(-8));
      }
    }
  }
}
