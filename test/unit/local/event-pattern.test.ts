import { InvalidEventPatternError, matchesPattern, validatePattern } from '../../../src/local/event-pattern';

const envelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'HAPG State Changed',
  source: 'hsmwatch',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:cloudhsm:us-east-1:123456789012:hapg-1a2b3c4d'],
  detail: {
    resourceType: 'hapg',
    current: { State: 'DEGRADED', HsmsLastActionFailed: ['hsm-1'], Tags: {} },
    previous: { State: 'READY', HsmsLastActionFailed: [] },
    data: { daysToExpiry: 7 },
    empty: null,
  },
};

describe('event-pattern', () => {
  describe('matchesPattern', () => {
    it('matches exact values, any alternative, and nested objects', () => {
      expect(matchesPattern({ source: ['hsmwatch'] }, envelope)).toBe(true);
      expect(matchesPattern({ source: ['aws.ec2', 'hsmwatch'] }, envelope)).toBe(true);
      expect(matchesPattern({ source: ['hsmwatch2'] }, envelope)).toBe(false);
      expect(matchesPattern({ detail: { current: { State: ['DEGRADED'] } } }, envelope)).toBe(true);
      expect(matchesPattern({ detail: { current: { State: ['READY'] } } }, envelope)).toBe(false);
    });

    it('requires every key to match', () => {
      expect(matchesPattern({ source: ['hsmwatch'], 'detail-type': ['HSM Removed'] }, envelope)).toBe(false);
    });

    it('matches an array field when any element matches', () => {
      expect(matchesPattern({ resources: [{ prefix: 'arn:aws:cloudhsm:' }] }, envelope)).toBe(true);
      expect(matchesPattern({ detail: { current: { HsmsLastActionFailed: ['hsm-1'] } } }, envelope)).toBe(
        true,
      );
      expect(matchesPattern({ detail: { previous: { HsmsLastActionFailed: ['hsm-1'] } } }, envelope)).toBe(
        false,
      );
    });

    it('supports prefix, suffix and their equals-ignore-case forms', () => {
      expect(matchesPattern({ 'detail-type': [{ prefix: 'HAPG ' }] }, envelope)).toBe(true);
      expect(matchesPattern({ 'detail-type': [{ prefix: 'hapg ' }] }, envelope)).toBe(false);
      expect(
        matchesPattern({ 'detail-type': [{ prefix: { 'equals-ignore-case': 'hapg ' } }] }, envelope),
      ).toBe(true);
      expect(matchesPattern({ 'detail-type': [{ suffix: 'Changed' }] }, envelope)).toBe(true);
      expect(
        matchesPattern({ 'detail-type': [{ suffix: { 'equals-ignore-case': 'CHANGED' } }] }, envelope),
      ).toBe(true);
    });

    it('supports equals-ignore-case', () => {
      expect(matchesPattern({ source: [{ 'equals-ignore-case': 'HSMWATCH' }] }, envelope)).toBe(true);
      expect(matchesPattern({ source: [{ 'equals-ignore-case': 'HSM' }] }, envelope)).toBe(false);
    });

    it('supports anything-but with a value, a list and a prefix, never matching a missing field', () => {
      expect(matchesPattern({ source: [{ 'anything-but': 'aws.ec2' }] }, envelope)).toBe(true);
      expect(matchesPattern({ source: [{ 'anything-but': ['hsmwatch', 'x'] }] }, envelope)).toBe(false);
      expect(matchesPattern({ source: [{ 'anything-but': { prefix: 'hsm' } }] }, envelope)).toBe(false);
      expect(matchesPattern({ detail: { missing: [{ 'anything-but': 'x' }] } }, envelope)).toBe(false);
      expect(matchesPattern({ detail: { empty: [{ 'anything-but': 'x' }] } }, envelope)).toBe(false);
    });

    it('supports exists true and false on leaves', () => {
      expect(matchesPattern({ detail: { data: { daysToExpiry: [{ exists: true }] } } }, envelope)).toBe(true);
      expect(matchesPattern({ detail: { data: { nope: [{ exists: true }] } } }, envelope)).toBe(false);
      expect(matchesPattern({ detail: { data: { nope: [{ exists: false }] } } }, envelope)).toBe(true);
      expect(matchesPattern({ detail: { data: { daysToExpiry: [{ exists: false }] } } }, envelope)).toBe(
        false,
      );
      // exists is about leaves: an object is not a leaf.
      expect(matchesPattern({ detail: { current: [{ exists: true }] } }, envelope)).toBe(false);
    });

    it('supports numeric ranges and only on numbers', () => {
      expect(
        matchesPattern({ detail: { data: { daysToExpiry: [{ numeric: ['<=', 14] }] } } }, envelope),
      ).toBe(true);
      expect(
        matchesPattern({ detail: { data: { daysToExpiry: [{ numeric: ['>', 0, '<', 7] }] } } }, envelope),
      ).toBe(false);
      expect(matchesPattern({ detail: { data: { daysToExpiry: [{ numeric: ['=', 7] }] } } }, envelope)).toBe(
        true,
      );
      expect(matchesPattern({ source: [{ numeric: ['>', 0] }] }, envelope)).toBe(false);
    });

    it('supports wildcard with escaped stars and no regex leakage', () => {
      expect(matchesPattern({ 'detail-type': [{ wildcard: 'HAPG * Changed' }] }, envelope)).toBe(true);
      expect(matchesPattern({ 'detail-type': [{ wildcard: 'HAPG*' }] }, envelope)).toBe(true);
      expect(matchesPattern({ 'detail-type': [{ wildcard: 'HSM*' }] }, envelope)).toBe(false);
      expect(matchesPattern({ source: [{ wildcard: 'hsm.atch' }] }, envelope)).toBe(false);
      expect(matchesPattern({ source: [{ wildcard: 'a\\*b' }] }, { source: 'a*b' })).toBe(true);
      expect(matchesPattern({ source: [{ wildcard: 'a\\*b' }] }, { source: 'axb' })).toBe(false);
    });

    it('matches null only against null', () => {
      expect(matchesPattern({ detail: { empty: [null] } }, envelope)).toBe(true);
      expect(matchesPattern({ detail: { missing: [null] } }, envelope)).toBe(false);
    });

    it('supports $or at any level', () => {
      const pattern = {
        source: ['hsmwatch'],
        $or: [
          { 'detail-type': ['HAPG State Changed'], detail: { current: { State: ['DEGRADED'] } } },
          { 'detail-type': ['HAPG Action Failed'] },
        ],
      };
      expect(matchesPattern(pattern, envelope)).toBe(true);
      expect(matchesPattern(pattern, { ...envelope, 'detail-type': 'HAPG Action Failed', detail: {} })).toBe(
        true,
      );
      expect(matchesPattern(pattern, { ...envelope, detail: { current: { State: 'READY' } } })).toBe(false);
    });
  });

  describe('validatePattern', () => {
    it.each([
      [{ source: 'hsmwatch' }, '$.source'],
      [{ source: [] }, '$.source'],
      [{ source: [{ regex: '.*' }] }, '$.source[0]'],
      [{ source: [{ exists: 'yes' }] }, '$.source[0]'],
      [{ detail: { n: [{ numeric: ['>'] }] } }, '$.detail.n[0]'],
      [{ detail: { n: [{ numeric: ['~', 1] }] } }, '$.detail.n[0]'],
      [{ $or: [{ source: ['a'] }] }, '$.$or'],
    ])('refuses %j naming %s', (pattern, path) => {
      expect(() => validatePattern(pattern)).toThrow(InvalidEventPatternError);
      expect(() => validatePattern(pattern)).toThrow(path);
    });

    it('accepts the operators we use', () => {
      expect(() =>
        validatePattern({
          source: ['hsmwatch', { prefix: 'h' }, { 'anything-but': ['x'] }, { wildcard: '*' }],
          detail: { d: [{ numeric: ['>=', 0, '<', 5] }, { exists: false }, null, 3, true] },
        }),
      ).not.toThrow();
    });
  });
});
