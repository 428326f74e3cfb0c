/** Time as the emulator sees it. Lifecycle transitions read `now()`; only a simulated clock advances. */
export interface Clock {
  readonly kind: 'real' | 'simulated';
  /** Milliseconds since the epoch. */
  now(): number;
  /** Moves a simulated clock forward; a real clock refuses. */
  advance(seconds: number): void;
  /** Puts a simulated clock back at its start instant (admin reset); a real clock ignores it. */
  reset(): void;
}

/** The instant a simulated clock starts at when none is given. */
export const DEFAULT_SIMULATED_START = '2026-01-01T00:00:00.000Z';

/** Wall-clock time. */
export function realClock(): Clock {
  return {
    kind: 'real',
    now: () => Date.now(),
    advance: () => {
      throw new Error('the clock is real; start the emulator with a simulated clock to advance it');
    },
    reset: () => {},
  };
}

/** A clock that moves only when advanced, starting at `start` (ISO 8601) or the fixed default. */
export function simulatedClock(start: string | number = DEFAULT_SIMULATED_START): Clock {
  const t0 = typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(t0)) throw new Error(`invalid simulated clock start ${String(start)}`);
  let t = t0;
  return {
    kind: 'simulated',
    now: () => t,
    advance: (seconds: number) => {
      if (!Number.isFinite(seconds) || seconds < 0) throw new Error('advanceSeconds must be a number >= 0');
      t += Math.round(seconds * 1000);
    },
    reset: () => {
      t = t0;
    },
  };
}
