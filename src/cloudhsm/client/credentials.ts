/**
 * Credential resolution. Explicit credentials or a provider win; otherwise the node provider
 * chain from @aws-sdk/credential-providers (env, profile, container or Lambda role).
 */

/** AWS credentials (structurally the @smithy/types AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
/** A function returning credentials (structurally AwsCredentialIdentityProvider). */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** Refresh credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** The package holding the full chain; a variable so bundlers leave it out (see below). */
const PROVIDERS_PACKAGE = '@aws-sdk/credential-providers';

/**
 * The default: fromNodeProviderChain. In Lambda (and anywhere the env variables are set) the
 * chain's first link, the environment, answers; we read it directly. Only when the env holds no
 * keys (a laptop profile, SSO, ECS, EC2) do we import the chain, through a non-literal import()
 * that bundlers do not follow: bundled, the chain costs about 350 KB (more than this whole client
 * and the official one), and a Lambda never needs it. Unbundled (tsx, the CLI) it resolves from
 * node_modules; a bundle that needs it should pass `credentials: fromNodeProviderChain()`.
 */
export function defaultCredentialProvider(
  env: NodeJS.ProcessEnv = process.env,
): AwsCredentialIdentityProvider {
  let chain: AwsCredentialIdentityProvider | undefined;
  return async () => {
    const accessKeyId = env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
    if (accessKeyId && secretAccessKey) {
      const sessionToken = env['AWS_SESSION_TOKEN'];
      const expiry = env['AWS_CREDENTIAL_EXPIRATION'];
      return {
        accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
        ...(expiry ? { expiration: new Date(expiry) } : {}),
      };
    }
    if (!chain) {
      const mod = (await import(PROVIDERS_PACKAGE)) as {
        fromNodeProviderChain: () => AwsCredentialIdentityProvider;
      };
      chain = mod.fromNodeProviderChain();
    }
    return chain();
  };
}

/** Wraps a provider so credentials are fetched once and refreshed shortly before expiry. */
export function memoizeCredentials(
  source: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  now: () => number,
): AwsCredentialIdentityProvider {
  if (typeof source !== 'function') {
    const fixed = source;
    return () => Promise.resolve(fixed);
  }
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const fresh = cached && (!cached.expiration || cached.expiration.getTime() - REFRESH_MARGIN_MS > now());
    if (fresh) return cached!;
    pending ??= source().then(
      (c) => {
        cached = c;
        pending = undefined;
        return c;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}
