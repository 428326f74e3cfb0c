import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidRequest } from '../errors';
import type { RegionState } from './region-state';

type ListFamily = 'hsm' | 'hapg' | 'client';

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64').replace(/=+$/, '').slice(0, 22);
}

/** An opaque token (`^[a-zA-Z0-9+/]*$`) that resumes a listing after `afterArn`. */
export function encodeToken(secret: string, rs: RegionState, family: ListFamily, afterArn: string): string {
  const payload = `${family}|${rs.accountId}|${rs.region}|${afterArn}`;
  return Buffer.from(`${payload}|${mac(secret, payload)}`, 'utf8')
    .toString('base64')
    .replace(/=+$/, '');
}

/**
 * The ARN a token resumes after. A token that was not issued by this emulator state (forged,
 * from another account, region or list, or from before a reset) is an InvalidRequestException.
 */
export function decodeToken(secret: string, rs: RegionState, family: ListFamily, token: string): string {
  const bad = () => invalidRequest(`NextToken ${token.slice(0, 32)} is invalid or expired`);
  const text = Buffer.from(token, 'base64').toString('utf8');
  const cut = text.lastIndexOf('|');
  if (cut < 0) throw bad();
  const payload = text.slice(0, cut);
  const want = Buffer.from(mac(secret, payload));
  const got = Buffer.from(text.slice(cut + 1));
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw bad();
  const [f, account, region, ...rest] = payload.split('|');
  if (f !== family || account !== rs.accountId || region !== rs.region) throw bad();
  return rest.join('|');
}

/** One page of a family's ARNs in sorted order, with the token for the next page if any. */
export function page(
  secret: string,
  rs: RegionState,
  family: ListFamily,
  pageSize: number,
  token: string | undefined,
): { items: string[]; nextToken?: string } {
  const all = rs.sortedArns(family);
  let start = 0;
  if (token !== undefined && token !== '') {
    const after = decodeToken(secret, rs, family, token);
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = all.slice(start, start + pageSize);
  if (start + pageSize < all.length) {
    return { items, nextToken: encodeToken(secret, rs, family, items[items.length - 1]!) };
  }
  return { items };
}
