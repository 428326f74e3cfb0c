/** The typed CloudHSM Classic client: one method per action, plus paginators. */
import type { InputOf, OperationName, OutputOf } from '../model';
import type { CloudHsmClientConfig } from './config';
import { collectAll, paginate, type PaginateOptions } from './paginate';
import type { AdaptiveRateLimiter } from './rate-limiter';
import { OperationSender, type CallOptions } from './send';

type In<K extends OperationName> = InputOf<K>;
type Out<K extends OperationName> = Promise<OutputOf<K>>;

/**
 * CloudHSM Classic (2014-05-30) client: SigV4, keep-alive, per-attempt timeout and deadline,
 * adaptive retries, typed errors. Inputs are validated against the model before sending.
 */
export class CloudHsmClient {
  private readonly sender: OperationSender;

  constructor(config: CloudHsmClientConfig) {
    this.sender = new OperationSender(config);
  }

  /** The endpoint requests go to. */
  get endpoint(): string {
    return this.sender.endpoint.toString();
  }
  /** The limiter this client sends through (possibly shared). */
  get rateLimiter(): AdaptiveRateLimiter {
    return this.sender.rateLimiter;
  }

  /** Sends any action by name. */
  send<K extends OperationName>(
    operation: K,
    input: InputOf<K>,
    options?: CallOptions,
  ): Promise<OutputOf<K>> {
    return this.sender.send(operation, input, options);
  }

  /** Closes keep-alive sockets; the client must not be used afterwards. */
  destroy(): void {
    this.sender.destroy();
  }

  /** AddTagsToResource. */
  addTagsToResource(input: In<'AddTagsToResource'>, o?: CallOptions): Out<'AddTagsToResource'> {
    return this.send('AddTagsToResource', input, o);
  }
  /** CreateHapg. */
  createHapg(input: In<'CreateHapg'>, o?: CallOptions): Out<'CreateHapg'> {
    return this.send('CreateHapg', input, o);
  }
  /** CreateHsm. */
  createHsm(input: In<'CreateHsm'>, o?: CallOptions): Out<'CreateHsm'> {
    return this.send('CreateHsm', input, o);
  }
  /** CreateLunaClient. */
  createLunaClient(input: In<'CreateLunaClient'>, o?: CallOptions): Out<'CreateLunaClient'> {
    return this.send('CreateLunaClient', input, o);
  }
  /** DeleteHapg. */
  deleteHapg(input: In<'DeleteHapg'>, o?: CallOptions): Out<'DeleteHapg'> {
    return this.send('DeleteHapg', input, o);
  }
  /** DeleteHsm. */
  deleteHsm(input: In<'DeleteHsm'>, o?: CallOptions): Out<'DeleteHsm'> {
    return this.send('DeleteHsm', input, o);
  }
  /** DeleteLunaClient. */
  deleteLunaClient(input: In<'DeleteLunaClient'>, o?: CallOptions): Out<'DeleteLunaClient'> {
    return this.send('DeleteLunaClient', input, o);
  }
  /** DescribeHapg. */
  describeHapg(input: In<'DescribeHapg'>, o?: CallOptions): Out<'DescribeHapg'> {
    return this.send('DescribeHapg', input, o);
  }
  /** DescribeHsm, by HsmArn or HsmSerialNumber. */
  describeHsm(input: In<'DescribeHsm'>, o?: CallOptions): Out<'DescribeHsm'> {
    return this.send('DescribeHsm', input, o);
  }
  /** DescribeLunaClient, by ClientArn or CertificateFingerprint. */
  describeLunaClient(input: In<'DescribeLunaClient'>, o?: CallOptions): Out<'DescribeLunaClient'> {
    return this.send('DescribeLunaClient', input, o);
  }
  /** GetConfig. */
  getConfig(input: In<'GetConfig'>, o?: CallOptions): Out<'GetConfig'> {
    return this.send('GetConfig', input, o);
  }
  /** ListAvailableZones. */
  listAvailableZones(input: In<'ListAvailableZones'> = {}, o?: CallOptions): Out<'ListAvailableZones'> {
    return this.send('ListAvailableZones', input, o);
  }
  /** ListHapgs (one page). */
  listHapgs(input: In<'ListHapgs'> = {}, o?: CallOptions): Out<'ListHapgs'> {
    return this.send('ListHapgs', input, o);
  }
  /** ListHsms (one page). */
  listHsms(input: In<'ListHsms'> = {}, o?: CallOptions): Out<'ListHsms'> {
    return this.send('ListHsms', input, o);
  }
  /** ListLunaClients (one page). */
  listLunaClients(input: In<'ListLunaClients'> = {}, o?: CallOptions): Out<'ListLunaClients'> {
    return this.send('ListLunaClients', input, o);
  }
  /** ListTagsForResource. */
  listTagsForResource(input: In<'ListTagsForResource'>, o?: CallOptions): Out<'ListTagsForResource'> {
    return this.send('ListTagsForResource', input, o);
  }
  /** ModifyHapg. */
  modifyHapg(input: In<'ModifyHapg'>, o?: CallOptions): Out<'ModifyHapg'> {
    return this.send('ModifyHapg', input, o);
  }
  /** ModifyHsm. */
  modifyHsm(input: In<'ModifyHsm'>, o?: CallOptions): Out<'ModifyHsm'> {
    return this.send('ModifyHsm', input, o);
  }
  /** ModifyLunaClient. */
  modifyLunaClient(input: In<'ModifyLunaClient'>, o?: CallOptions): Out<'ModifyLunaClient'> {
    return this.send('ModifyLunaClient', input, o);
  }
  /** RemoveTagsFromResource. */
  removeTagsFromResource(
    input: In<'RemoveTagsFromResource'>,
    o?: CallOptions,
  ): Out<'RemoveTagsFromResource'> {
    return this.send('RemoveTagsFromResource', input, o);
  }

  /** Every page of ListHsms. */
  paginateListHsms(
    input: In<'ListHsms'> = {},
    o?: PaginateOptions,
  ): AsyncGenerator<OutputOf<'ListHsms'>, void, undefined> {
    return paginate((op, i, opts) => this.send(op, i, opts), 'ListHsms', input, o);
  }
  /** Every page of ListHapgs. */
  paginateListHapgs(
    input: In<'ListHapgs'> = {},
    o?: PaginateOptions,
  ): AsyncGenerator<OutputOf<'ListHapgs'>, void, undefined> {
    return paginate((op, i, opts) => this.send(op, i, opts), 'ListHapgs', input, o);
  }
  /** Every page of ListLunaClients. */
  paginateListLunaClients(
    input: In<'ListLunaClients'> = {},
    o?: PaginateOptions,
  ): AsyncGenerator<OutputOf<'ListLunaClients'>, void, undefined> {
    return paginate((op, i, opts) => this.send(op, i, opts), 'ListLunaClients', input, o);
  }
  /** Every HSM ARN (all pages, duplicates removed). */
  listAllHsms(o?: PaginateOptions): Promise<string[]> {
    return collectAll(this.paginateListHsms({}, o), 'ListHsms');
  }
  /** Every HAPG ARN (all pages, duplicates removed). */
  listAllHapgs(o?: PaginateOptions): Promise<string[]> {
    return collectAll(this.paginateListHapgs({}, o), 'ListHapgs');
  }
  /** Every Luna client ARN (all pages, duplicates removed). */
  listAllLunaClients(o?: PaginateOptions): Promise<string[]> {
    return collectAll(this.paginateListLunaClients({}, o), 'ListLunaClients');
  }
}
