import { AdaptiveRateLimiter } from '../../../../src/cloudhsm/client';

/** A simulated clock whose sleep advances time instead of waiting. */
function simClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('AdaptiveRateLimiter', () => {
  describe('before any throttle', () => {
    it('does not limit and reports an infinite rate', async () => {
      const clock = simClock();
      const limiter = new AdaptiveRateLimiter({ now: clock.now, sleep: clock.sleep });
      for (let i = 0; i < 100; i++) await limiter.acquire();
      expect(clock.sleeps).toHaveLength(0);
      expect(limiter.currentRate).toBe(Infinity);
    });
  });

  describe('onThrottle', () => {
    it('drops the rate below the measured send rate, then paces acquires', async () => {
      const clock = simClock();
      const limiter = new AdaptiveRateLimiter({ now: clock.now, sleep: clock.sleep });
      // 20 requests per second for 2 s, then a throttle.
      for (let i = 0; i < 40; i++) {
        await limiter.acquire();
        limiter.onSuccess();
        clock.advance(50);
      }
      limiter.onThrottle();
      const afterThrottle = limiter.currentRate;
      expect(afterThrottle).toBeLessThan(20);
      expect(afterThrottle).toBeGreaterThan(5);
      const start = clock.now();
      for (let i = 0; i < 30; i++) await limiter.acquire();
      const elapsedS = (clock.now() - start) / 1000;
      // 30 tokens at the reduced rate (minus a bucket's worth of burst) need real waiting.
      expect(elapsedS).toBeGreaterThan((30 - afterThrottle) / afterThrottle - 0.01);
    });

    it('keeps falling under repeated throttles and never goes below the minimum', () => {
      const clock = simClock();
      const limiter = new AdaptiveRateLimiter({ now: clock.now, sleep: clock.sleep });
      const rates: number[] = [];
      for (let i = 0; i < 30; i++) {
        clock.advance(100);
        limiter.onThrottle();
        rates.push(limiter.currentRate);
      }
      expect(rates.at(-1)!).toBeLessThan(rates[0]!);
      expect(Math.min(...rates)).toBeGreaterThanOrEqual(0.5);
    });

    it('estimates the rate from early requests instead of collapsing to the minimum', () => {
      const clock = simClock(0);
      const limiter = new AdaptiveRateLimiter({ now: clock.now, sleep: clock.sleep });
      for (let i = 0; i < 10; i++) {
        limiter.onSuccess();
        clock.advance(10);
      }
      limiter.onThrottle();
      expect(limiter.currentRate).toBeGreaterThan(5);
    });
  });

  describe('onSuccess', () => {
    it('recovers the rate over time after a throttle', () => {
      const clock = simClock();
      const limiter = new AdaptiveRateLimiter({ now: clock.now, sleep: clock.sleep });
      for (let i = 0; i < 40; i++) {
        limiter.onSuccess();
        clock.advance(50);
      }
      limiter.onThrottle();
      const low = limiter.currentRate;
      for (let i = 0; i < 200; i++) {
        clock.advance(50);
        limiter.onSuccess();
      }
      expect(limiter.currentRate).toBeGreaterThan(low);
    });
  });

  describe('maxRate', () => {
    it('paces from the first request and never exceeds the ceiling', async () => {
      const clock = simClock();
      const limiter = new AdaptiveRateLimiter({ maxRate: 10, burst: 1, now: clock.now, sleep: clock.sleep });
      expect(limiter.currentRate).toBe(10);
      const start = clock.now();
      for (let i = 0; i < 21; i++) {
        await limiter.acquire();
        limiter.onSuccess();
      }
      expect(clock.now() - start).toBeGreaterThanOrEqual(2000 - 1);
      for (let i = 0; i < 100; i++) {
        clock.advance(1000);
        limiter.onSuccess();
      }
      expect(limiter.currentRate).toBeLessThanOrEqual(10);
    });

    it('rejects a non-positive ceiling', () => {
      expect(() => new AdaptiveRateLimiter({ maxRate: 0 })).toThrow(RangeError);
    });
  });

  describe('acquire', () => {
    it('serves concurrent callers first come, first served at the bucket rate', async () => {
      const clock = simClock();
      const limiter = new AdaptiveRateLimiter({ maxRate: 5, burst: 1, now: clock.now, sleep: clock.sleep });
      const order: number[] = [];
      await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.acquire().then(() => order.push(i))));
      expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('rejects with the abort reason when the signal fires while waiting', async () => {
      const limiter = new AdaptiveRateLimiter({ maxRate: 1, burst: 1 });
      await limiter.acquire();
      const ctl = new AbortController();
      const waiting = limiter.acquire(ctl.signal);
      const reason = new Error('stop');
      ctl.abort(reason);
      await expect(waiting).rejects.toBe(reason);
    });
  });
});
