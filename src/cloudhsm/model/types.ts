/** TypeScript types of every input and output, with the model's member names. */

export type HsmStatus =
  'PENDING' | 'RUNNING' | 'UPDATING' | 'SUSPENDED' | 'TERMINATING' | 'TERMINATED' | 'DEGRADED';
export type CloudHsmObjectState = 'READY' | 'UPDATING' | 'DEGRADED';
export type ClientVersion = '5.1' | '5.3';
export type SubscriptionType = 'PRODUCTION';

export interface Tag {
  Key: string;
  Value: string;
}

export interface AddTagsToResourceRequest {
  ResourceArn: string;
  TagList: Tag[];
}
export interface AddTagsToResourceResponse {
  Status: string;
}
export interface CreateHapgRequest {
  Label: string;
}
export interface CreateHapgResponse {
  HapgArn?: string;
}
export interface CreateHsmRequest {
  SubnetId: string;
  SshKey: string;
  EniIp?: string;
  IamRoleArn: string;
  ExternalId?: string;
  SubscriptionType: SubscriptionType;
  ClientToken?: string;
  SyslogIp?: string;
}
export interface CreateHsmResponse {
  HsmArn?: string;
}
export interface CreateLunaClientRequest {
  Label?: string;
  Certificate: string;
}
export interface CreateLunaClientResponse {
  ClientArn?: string;
}
export interface DeleteHapgRequest {
  HapgArn: string;
}
export interface DeleteHapgResponse {
  Status: string;
}
export interface DeleteHsmRequest {
  HsmArn: string;
}
export interface DeleteHsmResponse {
  Status: string;
}
export interface DeleteLunaClientRequest {
  ClientArn: string;
}
export interface DeleteLunaClientResponse {
  Status: string;
}
export interface DescribeHapgRequest {
  HapgArn: string;
}
export interface DescribeHapgResponse {
  HapgArn?: string;
  HapgSerial?: string;
  HsmsLastActionFailed?: string[];
  HsmsPendingDeletion?: string[];
  HsmsPendingRegistration?: string[];
  Label?: string;
  LastModifiedTimestamp?: string;
  PartitionSerialList?: string[];
  State?: CloudHsmObjectState;
}
export interface DescribeHsmRequest {
  HsmArn?: string;
  HsmSerialNumber?: string;
}
export interface DescribeHsmResponse {
  HsmArn?: string;
  Status?: HsmStatus;
  StatusDetails?: string;
  AvailabilityZone?: string;
  EniId?: string;
  EniIp?: string;
  SubscriptionType?: SubscriptionType;
  SubscriptionStartDate?: string;
  SubscriptionEndDate?: string;
  VpcId?: string;
  SubnetId?: string;
  IamRoleArn?: string;
  SerialNumber?: string;
  VendorName?: string;
  HsmType?: string;
  SoftwareVersion?: string;
  SshPublicKey?: string;
  SshKeyLastUpdated?: string;
  ServerCertUri?: string;
  ServerCertLastUpdated?: string;
  Partitions?: string[];
}
export interface DescribeLunaClientRequest {
  ClientArn?: string;
  CertificateFingerprint?: string;
}
export interface DescribeLunaClientResponse {
  ClientArn?: string;
  Certificate?: string;
  CertificateFingerprint?: string;
  LastModifiedTimestamp?: string;
  Label?: string;
}
export interface GetConfigRequest {
  ClientArn: string;
  ClientVersion: ClientVersion;
  HapgList: string[];
}
export interface GetConfigResponse {
  ConfigType?: string;
  ConfigFile?: string;
  ConfigCred?: string;
}
export type ListAvailableZonesRequest = Record<string, never>;
export interface ListAvailableZonesResponse {
  AZList?: string[];
}
export interface ListHapgsRequest {
  NextToken?: string;
}
export interface ListHapgsResponse {
  HapgList: string[];
  NextToken?: string;
}
export interface ListHsmsRequest {
  NextToken?: string;
}
export interface ListHsmsResponse {
  HsmList?: string[];
  NextToken?: string;
}
export interface ListLunaClientsRequest {
  NextToken?: string;
}
export interface ListLunaClientsResponse {
  ClientList: string[];
  NextToken?: string;
}
export interface ListTagsForResourceRequest {
  ResourceArn: string;
}
export interface ListTagsForResourceResponse {
  TagList: Tag[];
}
export interface ModifyHapgRequest {
  HapgArn: string;
  Label?: string;
  PartitionSerialList?: string[];
}
export interface ModifyHapgResponse {
  HapgArn?: string;
}
export interface ModifyHsmRequest {
  HsmArn: string;
  SubnetId?: string;
  EniIp?: string;
  IamRoleArn?: string;
  ExternalId?: string;
  SyslogIp?: string;
}
export interface ModifyHsmResponse {
  HsmArn?: string;
}
export interface ModifyLunaClientRequest {
  ClientArn: string;
  Certificate: string;
}
export interface ModifyLunaClientResponse {
  ClientArn?: string;
}
export interface RemoveTagsFromResourceRequest {
  ResourceArn: string;
  TagKeyList: string[];
}
export interface RemoveTagsFromResourceResponse {
  Status: string;
}

/** Input and output types per operation, for generic code (client, emulator router). */
export interface OperationIO {
  AddTagsToResource: [AddTagsToResourceRequest, AddTagsToResourceResponse];
  CreateHapg: [CreateHapgRequest, CreateHapgResponse];
  CreateHsm: [CreateHsmRequest, CreateHsmResponse];
  CreateLunaClient: [CreateLunaClientRequest, CreateLunaClientResponse];
  DeleteHapg: [DeleteHapgRequest, DeleteHapgResponse];
  DeleteHsm: [DeleteHsmRequest, DeleteHsmResponse];
  DeleteLunaClient: [DeleteLunaClientRequest, DeleteLunaClientResponse];
  DescribeHapg: [DescribeHapgRequest, DescribeHapgResponse];
  DescribeHsm: [DescribeHsmRequest, DescribeHsmResponse];
  DescribeLunaClient: [DescribeLunaClientRequest, DescribeLunaClientResponse];
  GetConfig: [GetConfigRequest, GetConfigResponse];
  ListAvailableZones: [ListAvailableZonesRequest, ListAvailableZonesResponse];
  ListHapgs: [ListHapgsRequest, ListHapgsResponse];
  ListHsms: [ListHsmsRequest, ListHsmsResponse];
  ListLunaClients: [ListLunaClientsRequest, ListLunaClientsResponse];
  ListTagsForResource: [ListTagsForResourceRequest, ListTagsForResourceResponse];
  ModifyHapg: [ModifyHapgRequest, ModifyHapgResponse];
  ModifyHsm: [ModifyHsmRequest, ModifyHsmResponse];
  ModifyLunaClient: [ModifyLunaClientRequest, ModifyLunaClientResponse];
  RemoveTagsFromResource: [RemoveTagsFromResourceRequest, RemoveTagsFromResourceResponse];
}
export type InputOf<K extends keyof OperationIO> = OperationIO[K][0];
export type OutputOf<K extends keyof OperationIO> = OperationIO[K][1];
