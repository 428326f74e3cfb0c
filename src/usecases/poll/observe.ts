/**
 * Observation of one family: Describe every listed resource (plus ListTagsForResource, in
 * parallel, when the resource is new or its tags are due), and mark stored resources absent from
 * the complete listing as missing. A failed Describe keeps the previous record (stale), never a
 * status change. A failed tag read keeps the previous tags (tags are advisory).
 */
import type { Observation } from '../../monitor/poll/resource-state';
import { tagsFromList } from '../../monitor/snapshot/normalise';
import type { CloudHsmReadApi, StoredResource } from './ports';
import { describeFamily, type ResourceFamily } from './resource-families';

/** How observeFamily runs its calls and reports failures. */
export interface ObserveOptions {
  readonly limit: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly due: (arn: string) => boolean;
  readonly onError: (e: { arn?: string; operation: string; error: string }) => void;
}

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Observes every resource of one family given its complete listing. */
export async function observeFamily(
  api: CloudHsmReadApi,
  family: ResourceFamily,
  arns: readonly string[],
  stored: ReadonlyMap<string, StoredResource>,
  opts: ObserveOptions,
): Promise<{ arn: string; observation: Observation }[]> {
  const listed = new Set(arns);
  const observeOne = async (arn: string): Promise<Observation> => {
    const previous = stored.get(`${family.type}#${arn}`);
    const live = previous && !previous.removedAt ? previous : undefined;
    const readTags = !live || opts.due(arn);
    const [described, tagged] = await Promise.allSettled([
      describeFamily(api, family, arn),
      readTags ? api.listTagsForResource({ ResourceArn: arn }) : Promise.resolve(undefined),
    ]);
    if (described.status === 'rejected') {
      opts.onError({ arn, operation: family.describeAction, error: errorText(described.reason) });
      return { kind: 'describe-failed', error: errorText(described.reason) };
    }
    let tags: Record<string, string>;
    if (tagged.status === 'fulfilled' && tagged.value) tags = tagsFromList(tagged.value.TagList);
    else if (live) {
      if (tagged.status === 'rejected')
        opts.onError({ arn, operation: 'ListTagsForResource', error: errorText(tagged.reason) });
      tags = { ...live.record.Tags };
    } else {
      // A new resource without its tags could dodge `hsmwatch:ignore`: discover it next poll.
      const error = errorText((tagged as PromiseRejectedResult).reason);
      opts.onError({ arn, operation: 'ListTagsForResource', error });
      return { kind: 'describe-failed', error };
    }
    return {
      kind: 'described',
      record: family.normalise(arn, described.value as never, tags),
      tagsRead: readTags,
    };
  };
  const results = await Promise.all(
    [...listed].map((arn) => opts.limit(async () => ({ arn, observation: await observeOne(arn) }))),
  );
  for (const item of stored.values()) {
    if (item.resourceType === family.type && !item.removedAt && !listed.has(item.arn)) {
      results.push({ arn: item.arn, observation: { kind: 'missing' } });
    }
  }
  return results;
}
