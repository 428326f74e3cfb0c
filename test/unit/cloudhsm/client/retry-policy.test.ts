import {
  DEFAULT_RETRY_DELAY_BASE,
  MAXIMUM_RETRY_DELAY,
  THROTTLING_RETRY_DELAY_BASE,
} from '@smithy/util-retry';
import { CloudHsmInternalException, ThrottlingError } from '../../../../src/cloudhsm/client';
import { backoffDelay, RETRY_DEFAULTS } from '../../../../src/cloudhsm/client/retry-policy';

describe('retry policy', () => {
  describe('RETRY_DEFAULTS', () => {
    it("equals @smithy/util-retry's constants", () => {
      expect(RETRY_DEFAULTS).toEqual({
        baseDelayMs: DEFAULT_RETRY_DELAY_BASE,
        throttlingBaseDelayMs: THROTTLING_RETRY_DELAY_BASE,
        maxDelayMs: MAXIMUM_RETRY_DELAY,
      });
    });
  });

  describe('backoffDelay', () => {
    const internal = new CloudHsmInternalException({ message: 'x' });
    const throttle = new ThrottlingError({ message: 'x' });

    it('draws full jitter below base × 2^(attempt-1)', () => {
      expect([1, 2, 3, 4].map((a) => backoffDelay(a, internal, {}, () => 0.999999))).toEqual([
        99, 199, 399, 799,
      ]);
      expect(backoffDelay(3, internal, {}, () => 0)).toBe(0);
    });

    it('uses the throttling base after a throttle', () => {
      expect(backoffDelay(1, throttle, {}, () => 0.5)).toBe(250);
    });

    it('caps each delay at maxDelayMs', () => {
      expect(backoffDelay(30, internal, { maxDelayMs: 1000 }, () => 0.999999)).toBe(999);
    });
  });
});
