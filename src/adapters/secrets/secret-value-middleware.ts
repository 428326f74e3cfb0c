/**
 * middy middleware that fetches a secret value (the Slack webhook URL) from Secrets Manager or
 * SSM Parameter Store before the handler runs, caches it for `cacheSeconds`, and hands it over
 * through `context[contextKey]` and a getter. It never logs the value and never puts it in an
 * error message (errors name the secret, not its content).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { MiddlewareObj } from '@middy/core';

/** Where the value lives. */
export type SecretSource =
  | {
      readonly kind: 'secretsManager';
      readonly name: string;
      readonly client: Pick<SecretsManagerClient, 'send'>;
      readonly jsonKey?: string;
    }
  | { readonly kind: 'ssm'; readonly name: string; readonly client: Pick<SSMClient, 'send'> };

/** Options of the middleware. */
export interface SecretValueOptions {
  readonly source: SecretSource;
  /** Property set on the Lambda context. Default `secretValue`. */
  readonly contextKey?: string;
  /** Cache lifetime; 0 = fetch on every invocation. Default 300. */
  readonly cacheSeconds?: number;
  /** Injected clock for cache expiry. */
  readonly now?: () => number;
}

/** Raised when the secret cannot be read; names the secret only. */
export class SecretUnavailableError extends Error {
  constructor(secretName: string, cause?: unknown) {
    super(`secret ${secretName} could not be read (${(cause as Error | undefined)?.name ?? 'empty'})`, {
      cause,
    });
    this.name = 'SecretUnavailableError';
  }
}

/** The middleware plus a getter for code built outside the request (e.g. notifiers). */
export interface SecretValueMiddleware extends MiddlewareObj {
  /** The cached value; throws if the middleware has not run yet. */
  current(): string;
}

/** Builds the middleware (one instance per handler module: the cache lives in it). */
export function secretValue(options: SecretValueOptions): SecretValueMiddleware {
  const contextKey = options.contextKey ?? 'secretValue';
  const ttlMs = (options.cacheSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;
  let cached: { value: string; expires: number } | undefined;

  const load = async (): Promise<string> => {
    const src = options.source;
    try {
      if (src.kind === 'ssm') {
        const r = await src.client.send(new GetParameterCommand({ Name: src.name, WithDecryption: true }));
        const v = r.Parameter?.Value;
        if (!v) throw new SecretUnavailableError(src.name);
        return v;
      }
      const r = await src.client.send(new GetSecretValueCommand({ SecretId: src.name }));
      const raw = r.SecretString;
      if (!raw) throw new SecretUnavailableError(src.name);
      if (!src.jsonKey) return raw;
      const v = (JSON.parse(raw) as Record<string, unknown>)[src.jsonKey];
      if (typeof v !== 'string' || !v) throw new SecretUnavailableError(`${src.name}#${src.jsonKey}`);
      return v;
    } catch (e) {
      if (e instanceof SecretUnavailableError) throw e;
      // Drop the cause's message: SDK errors can echo request data. Keep name and metadata only.
      throw new SecretUnavailableError(src.name, { name: (e as Error)?.name ?? 'Error' });
    }
  };

  return {
    name: 'secretValue',
    before: async (request) => {
      if (!cached || now() >= cached.expires) {
        cached = { value: await load(), expires: now() + ttlMs };
      }
      // Non-enumerable: a logger that serialises the context will not print it.
      Object.defineProperty(request.context as object, contextKey, {
        value: cached.value,
        enumerable: false,
        configurable: true,
      });
    },
    current() {
      if (!cached) throw new Error('secret not loaded yet: secretValue middleware has not run');
      return cached.value;
    },
  };
}
