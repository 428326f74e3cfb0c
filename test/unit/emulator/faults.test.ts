import { checkFaultConfig, Faults } from '../../../src/emulator/faults';

describe('Faults', () => {
  describe('decide', () => {
    it('lets a burst through, then throttles until tokens refill at the configured rate', () => {
      let t = 0;
      const f = new Faults(() => t);
      f.set({ rateLimit: { requestsPerSecond: 2, burst: 3 } });
      const first = [1, 2, 3, 4].map(() => f.decide('ListHsms')?.name);
      expect(first).toEqual([undefined, undefined, undefined, 'ThrottlingException']);
      t += 500; // one token
      expect(f.decide('ListHsms')).toBeUndefined();
      expect(f.decide('ListHsms')).toMatchObject({
        name: 'ThrottlingException',
        status: 400,
        retryable: true,
      });
    });

    it('makes a seeded fault run reproducible, and a new seed a different one', () => {
      const run = (seed: number) => {
        const f = new Faults(
          () => 0,
          () => {
            throw new Error('the seeded source must be used');
          },
        );
        f.set({ errors: [{ errorType: 'ThrottlingException', probability: 0.3 }], seed });
        return Array.from({ length: 40 }, () => (f.decide('DescribeHsm') ? 1 : 0)).join('');
      };
      expect(run(42)).toBe(run(42));
      expect(run(42)).not.toBe(run(43));
      const hits = run(42)
        .split('')
        .filter((c) => c === '1').length;
      expect(hits).toBeGreaterThan(4);
      expect(hits).toBeLessThan(24);
    });

    it('refuses a seed that is not an integer', () => {
      expect(checkFaultConfig({ seed: 1.5 })).toBe('seed must be an integer');
    });

    it('applies probability with the injected random source', () => {
      const rolls = [0.1, 0.9];
      const f = new Faults(
        () => 0,
        () => rolls.shift()!,
      );
      f.set({ errors: [{ errorType: 'ServiceUnavailable', probability: 0.5 }] });
      expect(f.decide('X')).toMatchObject({ name: 'ServiceUnavailable', status: 503, retryable: true });
      expect(f.decide('X')).toBeUndefined();
    });

    it('uses a given status and the model status otherwise', () => {
      const f = new Faults();
      f.set({
        errors: [
          { action: 'A', errorType: 'CloudHsmInternalException' },
          { action: 'B', errorType: 'Custom', status: 502 },
        ],
      });
      expect(f.decide('A')).toMatchObject({ status: 500 });
      expect(f.decide('B')).toMatchObject({ status: 502, name: 'Custom' });
      expect(f.decide('C')).toBeUndefined();
    });
  });

  describe('checkFaultConfig', () => {
    it.each([
      [{ latencyMs: -1 }, /latencyMs/],
      [{ rateLimit: { requestsPerSecond: 1, burst: 0 } }, /burst/],
      [{ errors: [{ errorType: '' }] }, /errors\[0\]\.errorType/],
      [{ errors: [{ errorType: 'X', probability: 2 }] }, /probability/],
      [{ errors: [{ errorType: 'X', count: 0 }] }, /count/],
      [[], /object/],
    ])('refuses %j naming the field', (cfg, re) => {
      expect(checkFaultConfig(cfg)).toMatch(re);
    });
    it('accepts a full configuration', () => {
      expect(
        checkFaultConfig({
          latencyMs: 5,
          jitterMs: 2,
          rateLimit: { requestsPerSecond: 10, burst: 5 },
          errors: [{ errorType: 'X', count: 1 }],
        }),
      ).toBeUndefined();
    });
  });
});
