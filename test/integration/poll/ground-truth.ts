/**
 * Ground truth from the emulator's change log: what a correct poller must report, given the
 * log positions at which each successful poll looked. A change counts when the value differs
 * between two consecutive polls (so a change that flipped back within one interval is not
 * expected), a resource appearing counts as discovered, and one absent from two consecutive
 * polls as removed. Entries are `<arn> <field>`; `exists+`/`exists-` stand for discovery/removal.
 */
import type { StateChange } from '../../../src/emulator/admin-client';
import type { HsmwatchEvent, MonitorEventDetail } from '../../../src/monitor/events';

/** Fields the API never shows in Describe output (so no poller can see them change). */
const UNOBSERVABLE = new Set(['ExternalId', 'SyslogIp', 'SshKey', 'SshPublicKey', 'Tags']);
/** Our record fields that are derived from a wire field. */
const WIRE_NAME: Record<string, string> = { PartitionSerials: 'Partitions' };
const CONDITION_TYPES = new Set([
  'Luna Client Certificate Expiring',
  'HSM Subscription Ending',
  'HAPG Registration Stalled',
  'Poll Completed',
  'Poll Failed',
  'Poll Recovered',
]);

type State = Map<string, Map<string, string>>;

/**
 * The value of every logged field at log position `upto`: the `to` of its last change before
 * that position, or else the `from` of its first change after it (its value all along).
 */
function fold(log: readonly StateChange[], upto: number): State {
  const state: State = new Map();
  const set = (arn: string, field: string, value: unknown) => {
    const fields = state.get(arn) ?? new Map<string, string>();
    fields.set(field, JSON.stringify(value));
    state.set(arn, fields);
  };
  for (const change of log.slice(0, upto)) set(change.arn, change.field, change.to);
  for (const change of log.slice(upto)) {
    if (!state.get(change.arn)?.has(change.field)) set(change.arn, change.field, change.from);
  }
  return state;
}

const exists = (s: State, arn: string) => s.get(arn)?.get('exists') === 'true';

/** The changes a poller must report, given the log and the log length at each successful poll. */
export function expectedChanges(log: readonly StateChange[], pollMarks: readonly number[]): string[] {
  const states = pollMarks.map((m) => fold(log, m));
  const out: string[] = [];
  states.forEach((now, i) => {
    const before: State = i === 0 ? new Map() : states[i - 1]!;
    const arns = new Set([...before.keys(), ...now.keys()]);
    for (const arn of arns) {
      const was = exists(before, arn);
      const is = exists(now, arn);
      if (!was && is) out.push(`${arn} exists+`);
      else if (was && !is) {
        const next = states[i + 1];
        if (next && !exists(next, arn)) out.push(`${arn} exists-`);
      } else if (was && is) {
        const fields = new Set([...(before.get(arn)?.keys() ?? []), ...(now.get(arn)?.keys() ?? [])]);
        for (const f of fields) {
          if (f === 'exists' || UNOBSERVABLE.has(f)) continue;
          if (before.get(arn)?.get(f) !== now.get(arn)?.get(f)) out.push(`${arn} ${f}`);
        }
      }
    }
  });
  return out.sort();
}

/** The changes the poller reported, in the same form. */
export function reportedChanges(events: readonly HsmwatchEvent<MonitorEventDetail>[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (CONDITION_TYPES.has(e.detailType)) continue;
    const arn = e.detail.resourceArn;
    if (e.detailType.endsWith(' Discovered')) out.push(`${arn} exists+`);
    else if (e.detailType.endsWith(' Removed')) out.push(`${arn} exists-`);
    else {
      const fields = new Set(e.detail.changedFields.map((f) => WIRE_NAME[f] ?? f));
      for (const f of fields) out.push(`${arn} ${f}`);
    }
  }
  return out.sort();
}
