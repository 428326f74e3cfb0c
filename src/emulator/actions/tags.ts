import type { InputOf, OutputOf, Tag } from '../../cloudhsm/model';
import { validateShape } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import { invalidRequest, notFound } from '../errors';
import type { RegionState } from '../state/region-state';

interface Taggable {
  Tags: Tag[];
}

/**
 * The HSM, HAPG or client a ResourceArn names. An ARN of another account or region is simply
 * "not found" here, so nothing about it leaks.
 */
function findTaggable(rs: RegionState, arn: string): Taggable {
  const wellFormed = ['HsmArn', 'HapgArn', 'ClientArn'].some(
    (shape) => validateShape(shape, arn).length === 0,
  );
  if (!wellFormed) throw invalidRequest(`ResourceArn ${arn} is not the ARN of an HSM, HAPG or Luna client`);
  const r = rs.hsms.get(arn) ?? rs.hapgs.get(arn) ?? rs.clients.get(arn);
  if (!r) throw notFound('Resource', arn);
  return r;
}

/** AddTagsToResource: keys are unique; an existing key is overwritten. */
export function addTagsToResource(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'AddTagsToResource'>,
): OutputOf<'AddTagsToResource'> {
  const r = findTaggable(rs, input.ResourceArn);
  const keys = new Set<string>();
  for (const t of input.TagList) {
    if (keys.has(t.Key)) throw invalidRequest(`TagList names key ${t.Key} twice; tag keys must be unique`);
    keys.add(t.Key);
  }
  const next = r.Tags.filter((t) => !keys.has(t.Key)).concat(
    input.TagList.map((t) => ({ Key: t.Key, Value: t.Value })),
  );
  ctx.store.set(rs, r, input.ResourceArn, 'Tags', next);
  return { Status: 'OK' };
}

/** RemoveTagsFromResource: unknown keys are ignored. */
export function removeTagsFromResource(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'RemoveTagsFromResource'>,
): OutputOf<'RemoveTagsFromResource'> {
  const r = findTaggable(rs, input.ResourceArn);
  const drop = new Set(input.TagKeyList);
  ctx.store.set(
    rs,
    r,
    input.ResourceArn,
    'Tags',
    r.Tags.filter((t) => !drop.has(t.Key)),
  );
  return { Status: 'OK' };
}

/** ListTagsForResource. */
export function listTagsForResource(
  _ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ListTagsForResource'>,
): OutputOf<'ListTagsForResource'> {
  return { TagList: findTaggable(rs, input.ResourceArn).Tags.map((t) => ({ ...t })) };
}
