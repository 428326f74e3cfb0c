/**
 * Observation of one resource: Describe (plus ListTagsForResource, in parallel, when the resource
 * is new or its tags are due). A failed Describe keeps the previous record (stale), never a
 * status change; a failed tag read keeps the previous tags (tags are advisory), but a new
 * resource is only discovered once its tags are known (so `hsmwatch:ignore` cannot be dodged).
 */
import type { Observation } from '../../monitor/poll/resource-state';
import { tagsFromList } from '../../monitor/snapshot/normalise';
import type { CloudHsmReadApi, StoredResource } from './ports';
import { describeFamily, type ResourceFamily } from './resource-families';

/** A per-resource failure, for the poll run's error list. */
export type PollErrorReport = (e: { arn?: string; operation: string; error: string }) => void;

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Observes one listed resource. `live` is its stored state unless removed. */
export async function observeResource(
  api: CloudHsmReadApi,
  family: ResourceFamily,
  arn: string,
  live: StoredResource | undefined,
  readTags: boolean,
  onError: PollErrorReport,
): Promise<Observation> {
  const [described, tagged] = await Promise.allSettled([
    describeFamily(api, family, arn),
    readTags ? api.listTagsForResource({ ResourceArn: arn }) : Promise.resolve(undefined),
  ]);
  if (described.status === 'rejected') {
    onError({ arn, operation: family.describeAction, error: errorText(described.reason) });
    return { kind: 'describe-failed', error: errorText(described.reason) };
  }
  let tags: Record<string, string>;
  if (tagged.status === 'fulfilled' && tagged.value) tags = tagsFromList(tagged.value.TagList);
  else if (live) {
    if (tagged.status === 'rejected')
      onError({ arn, operation: 'ListTagsForResource', error: errorText(tagged.reason) });
    tags = { ...live.record.Tags };
  } else {
    const error = errorText((tagged as PromiseRejectedResult).reason);
    onError({ arn, operation: 'ListTagsForResource', error });
    return { kind: 'describe-failed', error };
  }
  return {
    kind: 'described',
    record: family.normalise(arn, described.value as never, tags),
    tagsRead: readTags,
  };
}

/** Stored, not-removed resources of a family that a complete listing no longer contains. */
export function missingFrom(
  family: ResourceFamily,
  listed: ReadonlySet<string>,
  stored: Iterable<StoredResource>,
): StoredResource[] {
  return [...stored].filter((r) => r.resourceType === family.type && !r.removedAt && !listed.has(r.arn));
}
