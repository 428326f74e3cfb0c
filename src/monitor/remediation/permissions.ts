/**
 * The IAM actions each remediation action needs, declared next to the code that uses them (the
 * Cloud Custodian way). serverless.yml grants each function exactly the union for its actions, and
 * the template test checks the packaged template against these lists.
 */

/** IAM actions per remediation action. */
export const REMEDIATION_PERMISSIONS = {
  /** Plan + ModifyHapg + verify by describing the group until READY. */
  hapgRepair: ['cloudhsm:DescribeHapg', 'cloudhsm:ModifyHapg'],
  /** ModifyLunaClient, verify the fingerprint, GetConfig for the bundle. */
  certRotation: ['cloudhsm:DescribeLunaClient', 'cloudhsm:ModifyLunaClient', 'cloudhsm:GetConfig'],
  /** Certificate source `secretsManager`: read `hsmwatch/clients/<label>`. */
  certSourceSecretsManager: ['secretsmanager:GetSecretValue'],
  /** Certificate source `generate`: store the new private key. */
  certSourceGenerate: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue'],
  /** Config bundle store `secretsManager`. */
  bundleStoreSecretsManager: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue'],
  /** Config bundle store `s3`. */
  bundleStoreS3: ['s3:PutObject'],
  /** Plans, audit, locks, blocks, rate counters, kill switch; reading the poller's records. */
  store: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
  ],
  /** Remediation events. */
  events: ['events:PutEvents'],
} as const satisfies Record<string, readonly string[]>;

export type RemediationAction = keyof typeof REMEDIATION_PERMISSIONS;

/** Which actions each function performs (serverless.yml function names). */
export const FUNCTION_REMEDIATION_ACTIONS = {
  /** HAPG State Changed (DEGRADED) and HAPG Action Failed. */
  remediate: ['hapgRepair', 'store', 'events'],
  /** Certificate Expiring, Rotate Client Certificate, and the daily scan. */
  rotateCertificates: [
    'certRotation',
    'certSourceSecretsManager',
    'certSourceGenerate',
    'bundleStoreSecretsManager',
    'bundleStoreS3',
    'store',
    'events',
  ],
} as const satisfies Record<string, readonly RemediationAction[]>;

/** Resource scoping hints for the statements (the platform engineer fills in partition/region). */
export const REMEDIATION_RESOURCE_HINTS = {
  secretsmanager: 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:hsmwatch/*',
  s3: 'arn:${AWS::Partition}:s3:::${bundleBucket}/hsmwatch/config/*',
} as const;

/** The sorted, de-duplicated IAM actions a function needs. */
export function permissionsFor(fn: keyof typeof FUNCTION_REMEDIATION_ACTIONS): string[] {
  const actions = FUNCTION_REMEDIATION_ACTIONS[fn].flatMap((a) => REMEDIATION_PERMISSIONS[a]);
  return [...new Set<string>(actions)].sort();
}
