/** A rate limiter on a simulated clock, for client tests (unit and integration). */
import { AdaptiveRateLimiter } from '../../src/cloudhsm/client';

/** A limiter on a simulated clock: throttling tests never wait on wall time. */
export function simulatedLimiter(): AdaptiveRateLimiter {
  let t = 1_000_000;
  return new AdaptiveRateLimiter({
    now: () => t,
    sleep: (ms) => {
      t += ms;
      return Promise.resolve();
    },
  });
}
