/**
 * The incident state machine: one observation in, the next state and the decided notifications
 * out. Pure and idempotent: replaying an observation (same poll, or older than the last one
 * applied) changes nothing, which is what makes duplicated and reordered deliveries harmless.
 *
 *   (none|resolved|cleared) --holds--> pending --held openAfterPolls polls--> open --clears--> resolved
 *                 pending --clears--> cleared (never opened: no message)
 *   open --held, repeatIntervalMinutes since last message--> reminder
 *   open but muted (silence/inhibition): no message until unmuted, then a late `opened`.
 */
import type {
  AlertPolicy,
  Condition,
  IncidentState,
  Notification,
  Observation,
  TransitionKind,
} from './types';

export interface StepResult {
  /** The next state (unchanged object when nothing happened). */
  readonly state: IncidentState | undefined;
  readonly notifications: readonly Notification[];
  /** False when the observation was a no-op (duplicate, stale, or nothing to track). */
  readonly changed: boolean;
}

const MINUTE_MS = 60_000;

/** Applies one observation to one incident. */
export function step(prev: IncidentState | undefined, obs: Observation, policy: AlertPolicy): StepResult {
  const unchanged: StepResult = { state: prev, notifications: [], changed: false };
  if (prev && isStale(prev, obs)) return unchanged;
  const c = obs.condition;
  const active = prev && (prev.status === 'pending' || prev.status === 'open');

  if (!c) {
    if (!prev || !active) return unchanged;
    if (prev.status === 'pending') {
      return done({ ...observed(prev, obs), status: 'cleared', consecutivePolls: 0 }, []);
    }
    const resolved: IncidentState = { ...observed(prev, obs), status: 'resolved', resolvedAt: obs.at };
    // Resolved only closes what an operator saw open: every resolved follows an opened.
    return prev.notifiedOpen ? decide(resolved, obs, 'resolved') : done(resolved, []);
  }

  let next: IncidentState;
  if (!prev || !active) {
    next = {
      key: obs.key,
      problem: c.problem,
      severity: c.severity,
      accountId: c.accountId,
      region: c.region,
      resourceType: c.resourceType,
      resourceArn: c.resourceArn,
      status: 'pending',
      episode: (prev?.episode ?? 0) + 1,
      consecutivePolls: 1,
      startedAt: obs.at,
      lastObservedAt: obs.at,
      lastPollId: obs.pollId,
      notifiedOpen: false,
      ...latestOf(c),
      seq: prev?.seq ?? 0,
    };
  } else {
    const newPoll = obs.pollId !== prev.lastPollId;
    next = {
      ...observed(prev, obs),
      severity: c.severity,
      ...latestOf(c),
      consecutivePolls:
        prev.status === 'pending' && newPoll ? prev.consecutivePolls + 1 : prev.consecutivePolls,
    };
  }

  if (
    next.status === 'pending' &&
    (c.immediate || next.consecutivePolls >= policy.openAfterPolls[next.severity])
  ) {
    next = { ...next, status: 'open', openedAt: obs.at };
  }
  const individually = !policy.digestSeverities.includes(next.severity);
  if (next.status === 'open' && next.mutedBy === null && individually) {
    if (!next.notifiedOpen)
      return decide({ ...next, notifiedOpen: true, lastNotifiedAt: obs.at }, obs, 'opened');
    const since = Date.parse(next.lastNotifiedAt ?? next.openedAt ?? next.startedAt);
    if (Date.parse(obs.at) - since >= policy.repeatIntervalMinutes * MINUTE_MS) {
      return decide({ ...next, lastNotifiedAt: obs.at }, obs, 'reminder');
    }
  }
  return done(next, [], prev);
}

/** Older than what we already applied: a late or reordered delivery says nothing new. */
function isStale(prev: IncidentState, obs: Observation): boolean {
  return Date.parse(obs.at) < Date.parse(prev.lastObservedAt);
}

function observed(prev: IncidentState, obs: Observation): IncidentState {
  return { ...prev, lastObservedAt: obs.at, lastPollId: obs.pollId };
}

function decide(state: IncidentState, obs: Observation, kind: TransitionKind): StepResult {
  const seq = state.seq + 1;
  const withSeq: IncidentState = { ...state, seq };
  const n: Notification = {
    id: `${state.key}#${seq}`,
    incidentKey: state.key,
    seq,
    kind,
    problem: state.problem,
    severity: state.severity,
    accountId: state.accountId,
    region: state.region,
    resourceType: state.resourceType,
    resourceArn: state.resourceArn,
    summary: state.summary,
    state: state.state,
    affected: state.affected,
    since: state.startedAt,
    at: obs.at,
    eventId: obs.eventId,
    episode: state.episode,
    ...(kind === 'resolved'
      ? { durationSeconds: Math.round((Date.parse(obs.at) - Date.parse(state.startedAt)) / 1000) }
      : {}),
  };
  return { state: withSeq, notifications: [n], changed: true };
}

function done(state: IncidentState, notifications: Notification[], prev?: IncidentState): StepResult {
  if (prev === undefined) return { state, notifications, changed: true };
  // An open incident that merely was seen again needs no write: its last-observed time only
  // guards against stale events, and everything that can still change it (resolve, reminder,
  // mute, facts) is written when it happens. This keeps a steady state at zero writes per poll.
  const onlySeenAgain = prev.status === 'open' && state.status === 'open';
  const a = onlySeenAgain ? { ...prev, lastObservedAt: '', lastPollId: '' } : prev;
  const b = onlySeenAgain ? { ...state, lastObservedAt: '', lastPollId: '' } : state;
  return { state, notifications, changed: !sameState(a, b) };
}

/** Structural equality: a replay that produces the same state needs no write. */
export function sameState(a: IncidentState, b: IncidentState): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys and no undefined members, so store round-trips compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What every observation of a condition refreshes on its incident (the latest view wins). */
function latestOf(
  c: Condition,
): Pick<IncidentState, 'summary' | 'state' | 'affected' | 'facts' | 'tags' | 'mutedBy'> {
  return {
    summary: c.summary,
    state: c.state,
    affected: c.affected,
    facts: c.facts,
    tags: c.tags,
    mutedBy: c.mutedBy,
  };
}
