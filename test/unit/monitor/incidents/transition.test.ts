import { step } from '../../../../src/monitor/incidents/transition';
import type { IncidentState, Observation } from '../../../../src/monitor/incidents/types';
import { POLICY, at, cond, obs } from './fixtures';

const K = 'k1';
const critical = cond(K);
const warning = cond(K, { problem: 'hapg-action-failed', severity: 'warning' });

/** Runs observations through step() and collects the notification kinds. */
function run(observations: Observation[], policy = POLICY) {
  let state: IncidentState | undefined;
  const kinds: string[] = [];
  const sent = [];
  for (const o of observations) {
    const r = step(state, o, policy);
    state = r.state;
    for (const n of r.notifications) {
      kinds.push(n.kind);
      sent.push(n);
    }
  }
  return { state, kinds, sent };
}

describe('incident state machine', () => {
  describe('step', () => {
    it('ignores a condition that does not hold when there is no incident', () => {
      const r = step(undefined, obs(K, 1, null), POLICY);
      expect(r).toEqual({ state: undefined, notifications: [], changed: false });
    });

    it('opens a critical incident on the first poll (openAfterPolls 1)', () => {
      const { state, kinds, sent } = run([obs(K, 1, critical)]);
      expect(kinds).toEqual(['opened']);
      expect(state?.status).toBe('open');
      expect(sent[0]).toMatchObject({
        id: `${K}#1`,
        seq: 1,
        since: at(5),
        at: at(5),
        episode: 1,
        eventId: 'ev-1',
      });
    });

    it('keeps a warning pending after one poll and opens it on the second', () => {
      const first = run([obs(K, 1, warning)]);
      expect(first.state?.status).toBe('pending');
      expect(first.kinds).toEqual([]);
      const both = run([obs(K, 1, warning), obs(K, 2, warning)]);
      expect(both.state?.status).toBe('open');
      expect(both.kinds).toEqual(['opened']);
      expect(both.sent[0]?.since).toBe(at(5));
    });

    it('does not count the same poll twice toward the debounce', () => {
      const { state, kinds } = run([obs(K, 1, warning), { ...obs(K, 1, warning), eventId: 'other' }]);
      expect(state?.status).toBe('pending');
      expect(state?.consecutivePolls).toBe(1);
      expect(kinds).toEqual([]);
    });

    it('clears a pending incident silently when the condition goes away', () => {
      const { state, kinds } = run([obs(K, 1, warning), obs(K, 2, null)]);
      expect(state?.status).toBe('cleared');
      expect(kinds).toEqual([]);
    });

    it('restarts the debounce after a clear', () => {
      const { state, kinds } = run([obs(K, 1, warning), obs(K, 2, null), obs(K, 3, warning)]);
      expect(state).toMatchObject({ status: 'pending', consecutivePolls: 1, episode: 2 });
      expect(kinds).toEqual([]);
    });

    it('resolves an open incident with the duration since the first observation', () => {
      const { state, sent } = run([obs(K, 1, warning), obs(K, 2, warning), obs(K, 13, null)]);
      expect(state?.status).toBe('resolved');
      expect(sent.map((n) => n.kind)).toEqual(['opened', 'resolved']);
      expect(sent[1]).toMatchObject({ seq: 2, since: at(5), at: at(65), durationSeconds: 3600 });
    });

    it('sends a reminder once repeatIntervalMinutes have passed since the last message, not before', () => {
      // Polls every 5 min; 240 min = 48 polls.
      const seq = [obs(K, 1, critical)];
      for (let p = 2; p <= 100; p += 1) seq.push(obs(K, p, critical));
      const { sent } = run(seq);
      expect(sent.map((n) => [n.kind, n.at])).toEqual([
        ['opened', at(5)],
        ['reminder', at(245)],
        ['reminder', at(485)],
      ]);
    });

    it('honours a custom repeat interval', () => {
      const seq = [1, 2, 3, 4, 5].map((p) => obs(K, p, critical));
      const { kinds } = run(seq, { ...POLICY, repeatIntervalMinutes: 10 });
      expect(kinds).toEqual(['opened', 'reminder', 'reminder']);
    });

    it('reopens as a new episode after a resolve, with its own seq', () => {
      const { state, sent } = run([obs(K, 1, critical), obs(K, 2, null), obs(K, 3, critical)]);
      expect(sent.map((n) => [n.kind, n.seq, n.episode])).toEqual([
        ['opened', 1, 1],
        ['resolved', 2, 1],
        ['opened', 3, 2],
      ]);
      expect(state?.startedAt).toBe(at(15));
    });

    it('ignores observations older than the last applied one (reordering)', () => {
      const r = run([obs(K, 1, critical), obs(K, 3, null)]);
      const late = step(r.state, obs(K, 2, critical), POLICY);
      expect(late.changed).toBe(false);
      expect(late.notifications).toEqual([]);
      expect(late.state?.status).toBe('resolved');
    });

    it('treats an exact duplicate as a no-op', () => {
      const r = run([obs(K, 1, critical)]);
      const again = step(r.state, obs(K, 1, critical), POLICY);
      expect(again.changed).toBe(false);
      expect(again.notifications).toEqual([]);
    });

    it('needs no write when an open incident is merely seen again by a later poll', () => {
      const r = run([obs(K, 1, critical)]);
      const again = step(r.state, obs(K, 2, critical), POLICY);
      expect(again.changed).toBe(false);
      expect(again.notifications).toEqual([]);
    });

    it('updates facts while open without notifying', () => {
      const r = run([obs(K, 1, critical)]);
      const next = step(r.state, obs(K, 2, cond(K, { summary: 'worse', affected: [] })), POLICY);
      expect(next.changed).toBe(true);
      expect(next.notifications).toEqual([]);
      expect(next.state?.summary).toBe('worse');
    });

    describe('muting (silences and inhibition)', () => {
      const muted = cond(K, { mutedBy: 'silence:s1' });

      it('opens muted without a message, and resolves without one', () => {
        const { state, kinds } = run([obs(K, 1, muted), obs(K, 2, muted), obs(K, 3, null)]);
        expect(kinds).toEqual([]);
        expect(state?.status).toBe('resolved');
      });

      it('sends a late opened when the mute ends while still open', () => {
        const { sent } = run([obs(K, 1, muted), obs(K, 2, muted), obs(K, 3, critical), obs(K, 4, null)]);
        expect(sent.map((n) => [n.kind, n.at])).toEqual([
          ['opened', at(15)],
          ['resolved', at(20)],
        ]);
        expect(sent[1]?.durationSeconds).toBe(15 * 60);
      });

      it('sends no reminders while muted, but still sends resolved for an incident already announced', () => {
        const seq = [obs(K, 1, critical)];
        for (let p = 2; p <= 60; p += 1) seq.push(obs(K, p, muted));
        seq.push(obs(K, 61, null));
        const { kinds } = run(seq);
        expect(kinds).toEqual(['opened', 'resolved']);
      });
    });

    it('leaves digest severities to the digest (no individual messages)', () => {
      const policy = { ...POLICY, digestSeverities: ['warning' as const] };
      const { state, kinds } = run([obs(K, 1, warning), obs(K, 2, warning), obs(K, 3, null)], policy);
      expect(kinds).toEqual([]);
      expect(state?.status).toBe('resolved');
    });

    it('opens at once for an immediate condition whatever the severity', () => {
      const { kinds } = run([obs(K, 1, { ...warning, immediate: true })]);
      expect(kinds).toEqual(['opened']);
    });
  });
});
