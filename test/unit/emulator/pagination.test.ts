import { decodeToken, encodeToken, page } from '../../../src/emulator/state/pagination';
import { RegionState } from '../../../src/emulator/state/region-state';

function regionWith(n: number): RegionState {
  const rs = new RegionState('123456789012', 'us-east-1');
  for (let i = 0; i < n; i++)
    rs.hapgs.set(
      `arn:aws:cloudhsm:us-east-1:123456789012:hapg-${i.toString(16).padStart(8, '0')}`,
      {} as never,
    );
  return rs;
}

describe('pagination', () => {
  describe('page', () => {
    it('returns every item exactly once across pages, with tokens matching the model pattern', () => {
      const rs = regionWith(23);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const p = page('secret', rs, 'hapg', 5, token);
        seen.push(...p.items);
        token = p.nextToken;
        if (token !== undefined) expect(token).toMatch(/^[a-zA-Z0-9+/]*$/);
        pages += 1;
      } while (token);
      expect(pages).toBe(5);
      expect(seen).toEqual(rs.sortedArns('hapg'));
    });

    it('resumes after the last ARN seen even if that ARN has since been removed', () => {
      const rs = regionWith(10);
      const first = page('secret', rs, 'hapg', 4, undefined);
      rs.hapgs.delete(first.items[3]!);
      rs.membershipChanged();
      const second = page('secret', rs, 'hapg', 4, first.nextToken);
      expect(second.items[0]).toBe(rs.sortedArns('hapg')[3]);
    });
  });

  describe('decodeToken', () => {
    it('refuses a token signed with another secret, for another family or for another region', () => {
      const rs = regionWith(1);
      const other = new RegionState('123456789012', 'eu-west-1');
      const t = encodeToken('secret', rs, 'hapg', 'x');
      expect(decodeToken('secret', rs, 'hapg', t)).toBe('x');
      expect(() => decodeToken('other', rs, 'hapg', t)).toThrow(/NextToken/);
      expect(() => decodeToken('secret', rs, 'hsm', t)).toThrow(/NextToken/);
      expect(() => decodeToken('secret', other, 'hapg', t)).toThrow(/NextToken/);
      expect(() => decodeToken('secret', rs, 'hapg', 'AAAA')).toThrow(/NextToken/);
    });
  });
});
