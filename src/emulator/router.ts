import { OPERATIONS, shapeOf, validateInput, type OperationName } from '../cloudhsm/model';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './actions/tags';
import { createHapg, deleteHapg, describeHapg, listHapgs, modifyHapg } from './actions/hapgs';
import { createHsm, deleteHsm, describeHsm, listHsms, modifyHsm } from './actions/hsms';
import {
  createLunaClient,
  deleteLunaClient,
  describeLunaClient,
  listLunaClients,
  modifyLunaClient,
} from './actions/luna-clients';
import { getConfig } from './actions/config';
import { listAvailableZones } from './actions/zones';
import type { EmulatorContext } from './context';
import { validationFailed } from './errors';
import type { RegionState } from './state/region-state';

type Handler = (ctx: EmulatorContext, rs: RegionState, input: never) => object | Promise<object>;

/** Action name → handler: one module per resource family. */
const HANDLERS: Record<OperationName, Handler> = {
  AddTagsToResource: addTagsToResource,
  CreateHapg: createHapg,
  CreateHsm: createHsm,
  CreateLunaClient: createLunaClient,
  DeleteHapg: deleteHapg,
  DeleteHsm: deleteHsm,
  DeleteLunaClient: deleteLunaClient,
  DescribeHapg: describeHapg,
  DescribeHsm: describeHsm,
  DescribeLunaClient: describeLunaClient,
  GetConfig: getConfig,
  ListAvailableZones: listAvailableZones,
  ListHapgs: listHapgs,
  ListHsms: listHsms,
  ListLunaClients: listLunaClients,
  ListTagsForResource: listTagsForResource,
  ModifyHapg: modifyHapg,
  ModifyHsm: modifyHsm,
  ModifyLunaClient: modifyLunaClient,
  RemoveTagsFromResource: removeTagsFromResource,
};

const OUTPUT_MEMBERS = new Map<OperationName, ReadonlySet<string>>();
/**
 * Validates the input against the model, runs the action in the caller's account and region,
 * and returns exactly the model's output members. Handlers validate everything before they
 * change anything, so a refused request leaves state as it was.
 */
export function dispatch(
  ctx: EmulatorContext,
  op: OperationName,
  accountId: string,
  region: string,
  input: Record<string, unknown>,
): object | Promise<object> {
  const violations = validateInput(op, input);
  if (violations.length > 0) throw validationFailed(violations);
  const rs = ctx.store.region(accountId, region);
  const out = HANDLERS[op](ctx, rs, input as never);
  return out instanceof Promise ? out.then((o) => onlyOutputMembers(op, o)) : onlyOutputMembers(op, out);
}

function onlyOutputMembers(op: OperationName, out: object): object {
  let members = OUTPUT_MEMBERS.get(op);
  if (!members) {
    const shape = shapeOf(OPERATIONS[op].output);
    members = new Set(shape.type === 'structure' ? Object.keys(shape.members) : []);
    OUTPUT_MEMBERS.set(op, members);
  }
  const src = out as Record<string, unknown>;
  let exact = true;
  for (const k in src) {
    if (!members.has(k) || src[k] === undefined) {
      exact = false;
      break;
    }
  }
  if (exact) return src; // the common case: handlers render exactly the output members
  const res: Record<string, unknown> = {};
  for (const m of members) if (src[m] !== undefined) res[m] = src[m];
  return res;
}
