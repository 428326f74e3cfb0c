/**
 * Credentials for cross-account targets: AssumeRole into the target's `roleArn`, cached until five
 * minutes before expiry. Targets without a role use the function's own credentials.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '../../cloudhsm/client';

const REFRESH_BEFORE_MS = 5 * 60_000;

/** A credential provider that assumes `roleArn` (session name `hsmwatch-poll`), refreshed as needed. */
export function assumeRoleProvider(
  sts: STSClient,
  roleArn: string,
  opts: { sessionName?: string; durationSeconds?: number; now?: () => number } = {},
): AwsCredentialIdentityProvider {
  const now = opts.now ?? Date.now;
  let cached: AwsCredentialIdentity | undefined;
  let inflight: Promise<AwsCredentialIdentity> | undefined;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: opts.sessionName ?? 'hsmwatch-poll',
        DurationSeconds: opts.durationSeconds ?? 3600,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
  return async () => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - now() > REFRESH_BEFORE_MS))
      return cached;
    inflight ??= fetch().finally(() => {
      inflight = undefined;
    });
    cached = await inflight;
    return cached;
  };
}
