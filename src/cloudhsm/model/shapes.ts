/**
 * The CloudHSM Classic (2014-05-30) shapes, written from the official Smithy model in
 * ../shared/reference. Patterns are the anchored `^…$` forms. Both the emulator and the typed
 * client validate against these definitions, so a constraint lives in exactly one place.
 */

export interface StringShape {
  readonly type: 'string';
  readonly pattern?: string;
  readonly min?: number;
  readonly max?: number;
  readonly enum?: readonly string[];
}
export interface BooleanShape {
  readonly type: 'boolean';
}
export interface ListShape {
  readonly type: 'list';
  readonly member: string;
}
export interface MemberDef {
  readonly target: string;
  readonly required?: boolean;
}
export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberDef>>;
}
export type Shape = StringShape | BooleanShape | ListShape | StructureShape;

const str = (pattern?: string, extra: Omit<StringShape, 'type' | 'pattern'> = {}): StringShape => ({
  type: 'string',
  ...(pattern === undefined ? {} : { pattern }),
  ...extra,
});
const list = (member: string): ListShape => ({ type: 'list', member });
const struct = (members: Record<string, MemberDef>): StructureShape => ({ type: 'structure', members });
const req = (target: string): MemberDef => ({ target, required: true });
const opt = (target: string): MemberDef => ({ target });

const ARN_PREFIX = 'arn:aws(-iso)?:cloudhsm:[a-zA-Z0-9\\-]*:[0-9]{12}:';

/** Every named shape of the API. `target`/`member` names are checked by test/unit/cloudhsm/model. */
export const SHAPES = {
  AZ: str('^[a-zA-Z0-9\\-]*$'),
  AZList: list('AZ'),
  Boolean: { type: 'boolean' } as BooleanShape,
  Certificate: str('^[\\w :+=./\\n-]*$', { min: 600, max: 2400 }),
  CertificateFingerprint: str('^([0-9a-fA-F][0-9a-fA-F]:){15}[0-9a-fA-F][0-9a-fA-F]$'),
  ClientArn: str(`^${ARN_PREFIX}client-[0-9a-f]{8}$`),
  ClientLabel: str('^[a-zA-Z0-9_.-]{2,64}$'),
  ClientList: list('ClientArn'),
  ClientToken: str('^[a-zA-Z0-9]{1,64}$'),
  ClientVersion: str(undefined, { enum: ['5.1', '5.3'] }),
  CloudHsmObjectState: str(undefined, { enum: ['READY', 'UPDATING', 'DEGRADED'] }),
  EniId: str('^eni-[0-9a-f]{8}$'),
  ExternalId: str('^[\\w :+=./-]*$'),
  HapgArn: str(`^${ARN_PREFIX}hapg-[0-9a-f]{8}$`),
  HapgList: list('HapgArn'),
  HsmArn: str(`^${ARN_PREFIX}hsm-[0-9a-f]{8}$`),
  HsmList: list('HsmArn'),
  HsmSerialNumber: str('^\\d{1,16}$'),
  HsmStatus: str(undefined, {
    enum: ['PENDING', 'RUNNING', 'UPDATING', 'SUSPENDED', 'TERMINATING', 'TERMINATED', 'DEGRADED'],
  }),
  IamRoleArn: str('^arn:aws(-iso)?:iam::[0-9]{12}:role/[a-zA-Z0-9_\\+=,\\.\\-@]{1,64}$'),
  IpAddress: str('^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$'),
  Label: str('^[a-zA-Z0-9_.-]{1,64}$'),
  PaginationToken: str('^[a-zA-Z0-9+/]*$'),
  PartitionArn: str(`^${ARN_PREFIX}hsm-[0-9a-f]{8}/partition-[0-9]{6,12}$`),
  PartitionList: list('PartitionArn'),
  PartitionSerial: str('^\\d{6,12}$'),
  PartitionSerialList: list('PartitionSerial'),
  SshKey: str('^[a-zA-Z0-9+/= ._:\\\\@-]*$'),
  String: str('^[\\w :+=./\\\\-]*$'),
  SubnetId: str('^subnet-[0-9a-f]{8}$'),
  SubscriptionType: str(undefined, { enum: ['PRODUCTION'] }),
  Tag: struct({ Key: req('TagKey'), Value: req('TagValue') }),
  TagKey: str(undefined, { min: 1, max: 128 }),
  TagKeyList: list('TagKey'),
  TagList: list('Tag'),
  TagValue: str(undefined, { min: 0, max: 256 }),
  Timestamp: str('^\\d*$'),
  VpcId: str('^vpc-[0-9a-f]{8}$'),

  AddTagsToResourceRequest: struct({ ResourceArn: req('String'), TagList: req('TagList') }),
  AddTagsToResourceResponse: struct({ Status: req('String') }),
  CreateHapgRequest: struct({ Label: req('Label') }),
  CreateHapgResponse: struct({ HapgArn: opt('HapgArn') }),
  CreateHsmRequest: struct({
    SubnetId: req('SubnetId'),
    SshKey: req('SshKey'),
    EniIp: opt('IpAddress'),
    IamRoleArn: req('IamRoleArn'),
    ExternalId: opt('ExternalId'),
    SubscriptionType: req('SubscriptionType'),
    ClientToken: opt('ClientToken'),
    SyslogIp: opt('IpAddress'),
  }),
  CreateHsmResponse: struct({ HsmArn: opt('HsmArn') }),
  CreateLunaClientRequest: struct({ Label: opt('ClientLabel'), Certificate: req('Certificate') }),
  CreateLunaClientResponse: struct({ ClientArn: opt('ClientArn') }),
  DeleteHapgRequest: struct({ HapgArn: req('HapgArn') }),
  DeleteHapgResponse: struct({ Status: req('String') }),
  DeleteHsmRequest: struct({ HsmArn: req('HsmArn') }),
  DeleteHsmResponse: struct({ Status: req('String') }),
  DeleteLunaClientRequest: struct({ ClientArn: req('ClientArn') }),
  DeleteLunaClientResponse: struct({ Status: req('String') }),
  DescribeHapgRequest: struct({ HapgArn: req('HapgArn') }),
  DescribeHapgResponse: struct({
    HapgArn: opt('HapgArn'),
    HapgSerial: opt('String'),
    HsmsLastActionFailed: opt('HsmList'),
    HsmsPendingDeletion: opt('HsmList'),
    HsmsPendingRegistration: opt('HsmList'),
    Label: opt('Label'),
    LastModifiedTimestamp: opt('Timestamp'),
    PartitionSerialList: opt('PartitionSerialList'),
    State: opt('CloudHsmObjectState'),
  }),
  DescribeHsmRequest: struct({ HsmArn: opt('HsmArn'), HsmSerialNumber: opt('HsmSerialNumber') }),
  DescribeHsmResponse: struct({
    HsmArn: opt('HsmArn'),
    Status: opt('HsmStatus'),
    StatusDetails: opt('String'),
    AvailabilityZone: opt('AZ'),
    EniId: opt('EniId'),
    EniIp: opt('IpAddress'),
    SubscriptionType: opt('SubscriptionType'),
    SubscriptionStartDate: opt('Timestamp'),
    SubscriptionEndDate: opt('Timestamp'),
    VpcId: opt('VpcId'),
    SubnetId: opt('SubnetId'),
    IamRoleArn: opt('IamRoleArn'),
    SerialNumber: opt('HsmSerialNumber'),
    VendorName: opt('String'),
    HsmType: opt('String'),
    SoftwareVersion: opt('String'),
    SshPublicKey: opt('SshKey'),
    SshKeyLastUpdated: opt('Timestamp'),
    ServerCertUri: opt('String'),
    ServerCertLastUpdated: opt('Timestamp'),
    Partitions: opt('PartitionList'),
  }),
  DescribeLunaClientRequest: struct({
    ClientArn: opt('ClientArn'),
    CertificateFingerprint: opt('CertificateFingerprint'),
  }),
  DescribeLunaClientResponse: struct({
    ClientArn: opt('ClientArn'),
    Certificate: opt('Certificate'),
    CertificateFingerprint: opt('CertificateFingerprint'),
    LastModifiedTimestamp: opt('Timestamp'),
    Label: opt('Label'),
  }),
  GetConfigRequest: struct({
    ClientArn: req('ClientArn'),
    ClientVersion: req('ClientVersion'),
    HapgList: req('HapgList'),
  }),
  GetConfigResponse: struct({
    ConfigType: opt('String'),
    ConfigFile: opt('String'),
    ConfigCred: opt('String'),
  }),
  ListAvailableZonesRequest: struct({}),
  ListAvailableZonesResponse: struct({ AZList: opt('AZList') }),
  ListHapgsRequest: struct({ NextToken: opt('PaginationToken') }),
  ListHapgsResponse: struct({ HapgList: req('HapgList'), NextToken: opt('PaginationToken') }),
  ListHsmsRequest: struct({ NextToken: opt('PaginationToken') }),
  ListHsmsResponse: struct({ HsmList: opt('HsmList'), NextToken: opt('PaginationToken') }),
  ListLunaClientsRequest: struct({ NextToken: opt('PaginationToken') }),
  ListLunaClientsResponse: struct({ ClientList: req('ClientList'), NextToken: opt('PaginationToken') }),
  ListTagsForResourceRequest: struct({ ResourceArn: req('String') }),
  ListTagsForResourceResponse: struct({ TagList: req('TagList') }),
  ModifyHapgRequest: struct({
    HapgArn: req('HapgArn'),
    Label: opt('Label'),
    PartitionSerialList: opt('PartitionSerialList'),
  }),
  ModifyHapgResponse: struct({ HapgArn: opt('HapgArn') }),
  ModifyHsmRequest: struct({
    HsmArn: req('HsmArn'),
    SubnetId: opt('SubnetId'),
    EniIp: opt('IpAddress'),
    IamRoleArn: opt('IamRoleArn'),
    ExternalId: opt('ExternalId'),
    SyslogIp: opt('IpAddress'),
  }),
  ModifyHsmResponse: struct({ HsmArn: opt('HsmArn') }),
  ModifyLunaClientRequest: struct({ ClientArn: req('ClientArn'), Certificate: req('Certificate') }),
  ModifyLunaClientResponse: struct({ ClientArn: opt('ClientArn') }),
  RemoveTagsFromResourceRequest: struct({ ResourceArn: req('String'), TagKeyList: req('TagKeyList') }),
  RemoveTagsFromResourceResponse: struct({ Status: req('String') }),
} satisfies Record<string, Shape>;

export type ShapeName = keyof typeof SHAPES;

/** Looks a shape up by name; throws on a name the model does not define (a bug, not bad input). */
export function shapeOf(name: string): Shape {
  const shape = (SHAPES as Record<string, Shape>)[name];
  if (!shape) throw new Error(`unknown shape ${name}`);
  return shape;
}
