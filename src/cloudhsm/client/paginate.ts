/** Paginators for the three list actions: follow NextToken, never loop on a repeated token. */
import { PAGINATORS, type InputOf, type OutputOf } from '../model';
import { PaginationError } from './errors';
import type { CallOptions } from './send';

/** The paginated actions. */
export type PaginatedOperation = keyof typeof PAGINATORS;

/** Options of a paginator. */
export interface PaginateOptions extends CallOptions {
  /** Stop with a PaginationError after this many pages (default 10,000). */
  readonly maxPages?: number;
}

type Send = <K extends PaginatedOperation>(
  op: K,
  input: InputOf<K>,
  options: CallOptions,
) => Promise<OutputOf<K>>;

/**
 * Yields every page of `operation`. A token the server already sent (or more than maxPages
 * pages) ends the iteration with a PaginationError rather than a silently partial list: a
 * monitor that trusted a short list would report live HSMs as gone.
 */
export async function* paginate<K extends PaginatedOperation>(
  send: Send,
  operation: K,
  input: InputOf<K> = {} as InputOf<K>,
  options: PaginateOptions = {},
): AsyncGenerator<OutputOf<K>, void, undefined> {
  const { outputToken } = PAGINATORS[operation];
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  let token = (input as { NextToken?: string }).NextToken;
  if (token) seen.add(token);
  for (let page = 1; ; page++) {
    const request = { ...input, ...(token ? { NextToken: token } : {}) } as InputOf<K>;
    const output = await send(operation, request, options);
    yield output;
    const next = (output as Record<string, unknown>)[outputToken];
    if (typeof next !== 'string' || next === '') return;
    if (seen.has(next)) {
      throw new PaginationError({
        message: `${operation}: the server repeated NextToken after ${page} pages; stopping to avoid an endless loop`,
        code: 'RepeatedPaginationToken',
        operation,
      });
    }
    if (page >= maxPages) {
      throw new PaginationError({
        message: `${operation}: more than ${maxPages} pages`,
        code: 'TooManyPages',
        operation,
      });
    }
    seen.add(next);
    token = next;
  }
}

/** Collects the result key of every page, without duplicates, in server order. */
export async function collectAll<K extends PaginatedOperation>(
  pages: AsyncIterable<OutputOf<K>>,
  operation: K,
): Promise<string[]> {
  const key = PAGINATORS[operation].resultKey;
  const all = new Set<string>();
  for await (const page of pages) {
    const items = (page as Record<string, unknown>)[key];
    if (Array.isArray(items)) for (const item of items) all.add(item as string);
  }
  return [...all];
}
