/** The 20 operations of CloudHSM Classic, with their input/output shapes and declared errors. */

export const SERVICE = {
  targetPrefix: 'CloudHsmFrontendService',
  signingName: 'cloudhsm',
  apiVersion: '2014-05-30',
  contentType: 'application/x-amz-json-1.1',
} as const;

export const OPERATION_NAMES = [
  'AddTagsToResource',
  'CreateHapg',
  'CreateHsm',
  'CreateLunaClient',
  'DeleteHapg',
  'DeleteHsm',
  'DeleteLunaClient',
  'DescribeHapg',
  'DescribeHsm',
  'DescribeLunaClient',
  'GetConfig',
  'ListAvailableZones',
  'ListHapgs',
  'ListHsms',
  'ListLunaClients',
  'ListTagsForResource',
  'ModifyHapg',
  'ModifyHsm',
  'ModifyLunaClient',
  'RemoveTagsFromResource',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

export interface OperationDef {
  readonly name: OperationName;
  readonly input: string;
  readonly output: string;
  readonly errors: readonly ModeledErrorName[];
  /** True for actions that change state; used for IAM declarations and dry-run guards. */
  readonly mutating: boolean;
}

export const MODELED_ERRORS = {
  CloudHsmServiceException: { fault: 'client', status: 400 },
  InvalidRequestException: { fault: 'client', status: 400 },
  CloudHsmInternalException: { fault: 'server', status: 500 },
} as const;
export type ModeledErrorName = keyof typeof MODELED_ERRORS;

/**
 * The common errors every AWS query/JSON service may return (API reference "Common Errors"),
 * with the status codes the protocol uses for them.
 */
export const COMMON_ERRORS = {
  AccessDeniedException: 400,
  IncompleteSignature: 400,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  MissingAuthenticationToken: 403,
  RequestExpired: 400,
  SignatureDoesNotMatch: 403,
  ServiceUnavailable: 503,
  Throttling: 400,
  ThrottlingException: 400,
  ValidationError: 400,
  SerializationException: 400,
  RequestEntityTooLarge: 413,
} as const;
export type CommonErrorName = keyof typeof COMMON_ERRORS;

const ALL: readonly ModeledErrorName[] = [
  'CloudHsmServiceException',
  'CloudHsmInternalException',
  'InvalidRequestException',
];
const MUTATING = new Set<OperationName>([
  'AddTagsToResource',
  'CreateHapg',
  'CreateHsm',
  'CreateLunaClient',
  'DeleteHapg',
  'DeleteHsm',
  'DeleteLunaClient',
  'ModifyHapg',
  'ModifyHsm',
  'ModifyLunaClient',
  'RemoveTagsFromResource',
]);

/** Operation definitions keyed by name. */
export const OPERATIONS: Readonly<Record<OperationName, OperationDef>> = Object.fromEntries(
  OPERATION_NAMES.map((name) => [
    name,
    {
      name,
      input: `${name}Request`,
      output: `${name}Response`,
      // ModifyLunaClient is the one action whose model declares only CloudHsmServiceException.
      errors: name === 'ModifyLunaClient' ? ['CloudHsmServiceException'] : ALL,
      mutating: MUTATING.has(name),
    },
  ]),
) as Record<OperationName, OperationDef>;

/** Paginated list operations: the token members and the result key (botocore paginators). */
export const PAGINATORS = {
  ListHsms: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'HsmList' },
  ListHapgs: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'HapgList' },
  ListLunaClients: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'ClientList' },
} as const;

/** True when `name` is one of the 20 actions. */
export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
