import fc from 'fast-check';
import { step } from '../../../../src/monitor/incidents/transition';
import type { IncidentState, Notification, Observation } from '../../../../src/monitor/incidents/types';
import { POLICY, cond, obs } from './fixtures';

const K = 'k';

/** A poll-by-poll truth: which polls saw the condition, muted or not, at which severity. */
const truthArb = fc.array(
  fc.record({
    holds: fc.boolean(),
    muted: fc.boolean(),
    severity: fc.constantFrom('critical' as const, 'warning' as const),
  }),
  { minLength: 1, maxLength: 40 },
);

function observationsOf(
  truth: { holds: boolean; muted: boolean; severity: 'critical' | 'warning' }[],
): Observation[] {
  return truth.map((t, i) =>
    obs(K, i + 1, t.holds ? cond(K, { severity: t.severity, mutedBy: t.muted ? 'silence:x' : null }) : null),
  );
}

function deliver(observations: readonly Observation[], policy = POLICY): Notification[] {
  let state: IncidentState | undefined;
  const out: Notification[] = [];
  for (const o of observations) {
    const r = step(state, o, policy);
    state = r.state;
    out.push(...r.notifications);
  }
  return out;
}

/** Duplicates and shuffles deliveries: each observation delivered 1..3 times, in any order. */
const deliveryArb = (n: number) =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }).chain((copies) =>
    fc.shuffledSubarray(
      copies.flatMap((c, i) => Array<number>(c).fill(i)),
      { minLength: copies.reduce((a, b) => a + b, 0) },
    ),
  );

/** A ground truth and one duplicated, reordered delivery of its observations. */
const truthAndDeliveryArb = truthArb.chain((truth) =>
  fc.tuple(fc.constant(truth), deliveryArb(truth.length)),
);

/** What the state machine decides when the truth's observations arrive in `order`. */
const deliverInOrder = (truth: Parameters<typeof observationsOf>[0], order: readonly number[]) => {
  const all = observationsOf(truth);
  return deliver(order.map((i) => all[i]!));
};

describe('incident state machine properties', () => {
  it('any sequence of duplicated or reordered events yields at most one opened per incident episode', () => {
    fc.assert(
      fc.property(truthAndDeliveryArb, ([truth, order]) => {
        const sent = deliverInOrder(truth, order);
        const opens = sent.filter((n) => n.kind === 'opened').map((n) => n.episode);
        expect(new Set(opens).size).toBe(opens.length);
        // Never more opens than the truth has episodes (maximal runs of polls where it held).
        const runs = truth.filter((t, i) => t.holds && !truth[i - 1]?.holds).length;
        expect(opens.length).toBeLessThanOrEqual(runs);
        const ids = sent.map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 400 },
    );
  });

  it('every resolved follows an opened of the same episode, and reminders only come while open', () => {
    fc.assert(
      fc.property(truthAndDeliveryArb, ([truth, order]) => {
        const sent = deliverInOrder(truth, order);
        const opened = new Set<number>();
        const resolved = new Set<number>();
        for (const n of sent) {
          if (n.kind === 'opened') opened.add(n.episode);
          else {
            expect(opened.has(n.episode)).toBe(true);
            expect(resolved.has(n.episode)).toBe(false);
            if (n.kind === 'resolved') resolved.add(n.episode);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('duplicated in-order delivery decides exactly what single delivery decides', () => {
    fc.assert(
      fc.property(
        truthArb,
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
        (truth, copies) => {
          const all = observationsOf(truth);
          const once = deliver(all);
          const dup = deliver(all.flatMap((o, i) => Array<Observation>(copies[i] ?? 1).fill(o)));
          expect(dup).toEqual(once);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('seq numbers strictly increase, so notification ids never collide across episodes', () => {
    fc.assert(
      fc.property(truthArb, (truth) => {
        const seqs = deliver(observationsOf(truth)).map((n) => n.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });
});
