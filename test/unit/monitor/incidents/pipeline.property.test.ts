/**
 * Property of the whole notify pipeline (evaluate → step → store → ledger → sink) on in-memory
 * stores: polls happen in order, but their events reach notify late, out of order and twice.
 */
import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../../../src/monitor/incidents/policy';
import type { Notifier } from '../../../../src/monitor/incidents/ports';
import type { Notification } from '../../../../src/monitor/incidents/types';
import type { EventFacts } from '../../../../src/monitor/incidents/event-observations';
import type { ResourceRecord } from '../../../../src/monitor/records';
import { handleAlertEvent, type NotifyDeps } from '../../../../src/usecases/notify';
import { ACCOUNT, REGION, at, hapg, hsm } from './fixtures';
import { MemoryIncidentStore, MemoryLedger, MemorySilences } from './memory-stores';

const a = hsm('aaaa0001');
const b = hsm('bbbb0002');
const lone = hsm('cccc0003');
const group = hapg('11112222', ['aaaa0001', 'bbbb0002']);

const pollArb = fc.record({
  aDegraded: fc.boolean(),
  loneSuspended: fc.boolean(),
  fails: fc.boolean(),
  delay: fc.integer({ min: 0, max: 3 }),
  copies: fc.integer({ min: 1, max: 2 }),
  order: fc.integer(),
  outDelay: fc.integer({ min: 0, max: 3 }),
  outCopies: fc.integer({ min: 1, max: 2 }),
  outOrder: fc.integer(),
  /** How much later the second copy of an event arrives. */
  dupDelay: fc.integer({ min: 0, max: 5 }),
});

function recordsFor(p: { aDegraded: boolean; loneSuspended: boolean }): ResourceRecord[] {
  return [
    { ...a, Status: p.aDegraded ? 'DEGRADED' : 'RUNNING' },
    b,
    { ...lone, Status: p.loneSuspended ? 'SUSPENDED' : 'RUNNING' },
    { ...group, State: p.aDegraded ? 'DEGRADED' : 'READY' },
  ];
}

describe('notify pipeline property', () => {
  it('late, reordered and duplicated deliveries: unique decisions, one opened per episode, resolved only after opened, each sent once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pollArb, { minLength: 1, maxLength: 14 }), async (polls) => {
        const sent: Notification[] = [];
        const sink: Notifier = { name: 'sink', send: async (n) => void sent.push(n) };
        let current: ResourceRecord[] = recordsFor({ aDegraded: false, loneSuspended: false });
        const deps: NotifyDeps = {
          incidents: new MemoryIncidentStore(),
          ledger: new MemoryLedger(),
          silences: new MemorySilences(),
          records: { currentRecords: async () => current },
          notifiers: [sink],
          policy: DEFAULT_POLICY,
          now: () => new Date(0),
        };
        const base = {
          accountId: ACCOUNT,
          region: REGION,
          resourceArn: `arn:hsmwatch:target:${ACCOUNT}:${REGION}`,
        };
        const queue: { step: number; key: number; e: EventFacts }[] = [];
        let outage = false;
        const decided: Notification[] = [];
        for (let step = 0; step < polls.length + 10; step += 1) {
          const p = polls[step];
          if (p) {
            const pollId = `poll-${step}`;
            const t = at(step * 5);
            const schedule = (e: EventFacts, delay: number, copies: number, key: number) => {
              for (let c = 0; c < copies; c += 1)
                queue.push({ step: step + delay + c * p.dupDelay, key: key + c, e });
            };
            if (p.fails) {
              if (!outage)
                schedule(
                  {
                    ...base,
                    detailType: 'Poll Failed',
                    eventId: `pf-${step}`,
                    pollId,
                    at: t,
                    data: { error: 'x' },
                  },
                  p.outDelay,
                  p.outCopies,
                  p.outOrder,
                );
              outage = true;
            } else {
              current = recordsFor(p);
              if (outage)
                schedule(
                  { ...base, detailType: 'Poll Recovered', eventId: `pr-${step}`, pollId, at: t },
                  p.outDelay,
                  p.outCopies,
                  p.outOrder,
                );
              outage = false;
              schedule(
                { ...base, detailType: 'Poll Completed', eventId: pollId, pollId, at: t },
                p.delay,
                p.copies,
                p.order,
              );
            }
          }
          const due = queue.filter((q) => q.step === step).sort((x, y) => x.key - y.key);
          for (const d of due) decided.push(...(await handleAlertEvent(deps, d.e)).decided);
        }

        const ids = decided.map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(sent.map((n) => n.id).sort()).toEqual([...ids].sort());
        const opened = new Set<string>();
        for (const n of sent) {
          const episode = `${n.incidentKey}@${n.episode}`;
          if (n.kind === 'opened') {
            expect(opened.has(episode)).toBe(false);
            opened.add(episode);
          } else {
            expect(opened.has(episode)).toBe(true);
          }
        }
        // Never more opens than the truth has episodes, however late or twice events arrive.
        const ok = polls.filter((p) => !p.fails);
        const degradedRuns = ok.filter((p, i) => p.aDegraded && !ok[i - 1]?.aDegraded).length;
        const outages = polls.filter((p, i) => p.fails && !polls[i - 1]?.fails).length;
        const opens = (problem: string) =>
          sent.filter((n) => n.kind === 'opened' && n.problem === problem).length;
        expect(opens('hapg-degraded')).toBeLessThanOrEqual(degradedRuns);
        expect(opens('poll-failing')).toBeLessThanOrEqual(outages);
        // Grouping: a member HSM never gets an incident of its own.
        expect(sent.some((n) => n.resourceArn === a.HsmArn)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
