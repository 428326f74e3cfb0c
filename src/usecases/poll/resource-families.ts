/**
 * The polled resource families, declared once (Cloud Custodian style): list action, describe
 * action, id field, normaliser. The poll loop is generic over these; adding a family is adding a
 * declaration, not a loop.
 */
import type { ResourceRecord, ResourceType } from '../../monitor/records';
import { normaliseHapg, normaliseHsm, normaliseLunaClient } from '../../monitor/snapshot/normalise';
import type { CloudHsmReadApi } from './ports';

/** One resource family. */
export interface ResourceFamily {
  readonly type: ResourceType;
  /** API action names (documentation, metrics, error reports). */
  readonly listAction: string;
  readonly describeAction: string;
  /** The Describe input member that takes the ARN. */
  readonly idField: string;
  /** Client method that lists every page. */
  readonly listMethod: 'listAllHsms' | 'listAllHapgs' | 'listAllLunaClients';
  /** Client method for Describe. */
  readonly describeMethod: 'describeHsm' | 'describeHapg' | 'describeLunaClient';
  readonly normalise: (arn: string, output: never, tags: Record<string, string>) => ResourceRecord;
}

/** HSMs first: HAPG member relations are derived from the HSMs' partitions. */
export const RESOURCE_FAMILIES: readonly ResourceFamily[] = [
  {
    type: 'hsm',
    listAction: 'ListHsms',
    describeAction: 'DescribeHsm',
    idField: 'HsmArn',
    listMethod: 'listAllHsms',
    describeMethod: 'describeHsm',
    normalise: normaliseHsm,
  },
  {
    type: 'hapg',
    listAction: 'ListHapgs',
    describeAction: 'DescribeHapg',
    idField: 'HapgArn',
    listMethod: 'listAllHapgs',
    describeMethod: 'describeHapg',
    normalise: normaliseHapg,
  },
  {
    type: 'luna-client',
    listAction: 'ListLunaClients',
    describeAction: 'DescribeLunaClient',
    idField: 'ClientArn',
    listMethod: 'listAllLunaClients',
    describeMethod: 'describeLunaClient',
    normalise: normaliseLunaClient,
  },
];

/** Lists every ARN of a family (all pages). */
export function listFamily(api: CloudHsmReadApi, family: ResourceFamily): Promise<string[]> {
  return api[family.listMethod]();
}

/** Describes one resource of a family (raw output; normalise with `family.normalise`). */
export function describeFamily(api: CloudHsmReadApi, family: ResourceFamily, arn: string): Promise<unknown> {
  const describe = api[family.describeMethod] as (input: Record<string, string>) => Promise<unknown>;
  return describe.call(api, { [family.idField]: arn });
}
