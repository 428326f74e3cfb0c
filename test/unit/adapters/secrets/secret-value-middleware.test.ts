import middy from '@middy/core';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { secretValue } from '../../../../src/adapters/secrets/secret-value-middleware';

const URL = 'https://hooks.slack.com/services/T000/B000/very-secret-token';

describe('secretValue middleware', () => {
  // aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
  const sm = mockClient(SecretsManagerClient as unknown as Parameters<typeof mockClient>[0]);
  const ssm = mockClient(SSMClient as unknown as Parameters<typeof mockClient>[0]);
  const GetSecret = GetSecretValueCommand as unknown as Parameters<(typeof sm)['on']>[0];
  const GetParam = GetParameterCommand as unknown as Parameters<(typeof ssm)['on']>[0];
  beforeEach(() => {
    sm.reset();
    ssm.reset();
  });

  /** A Secrets Manager source for `name` (the mocked client answers). */
  const secretsManager = (name: string, extra: { jsonKey?: string } = {}) => ({
    kind: 'secretsManager' as const,
    name,
    client: new SecretsManagerClient({ region: 'us-east-1' }),
    ...extra,
  });

  /** A handler that reports what it saw on the context. */
  const echo = async (_event: unknown, context: Record<string, unknown>) => ({
    value: context.slackWebhookUrl,
    serialised: JSON.stringify(context),
  });

  describe('before', () => {
    it('reads the value from Secrets Manager into the context, hidden from serialisation', async () => {
      sm.on(GetSecret, { SecretId: 'hsmwatch/slack-webhook' }).resolves({ SecretString: URL } as never);
      const mw = secretValue({
        source: secretsManager('hsmwatch/slack-webhook'),
        contextKey: 'slackWebhookUrl',
      });
      const handler = middy(echo).use(mw);
      const out = await handler({}, {} as never);
      expect(out.value).toBe(URL);
      expect(out.serialised).not.toContain('very-secret-token');
      expect(mw.current()).toBe(URL);
    });

    it('caches the value across invocations and refreshes it after cacheSeconds', async () => {
      sm.on(GetSecret)
        .resolvesOnce({ SecretString: URL } as never)
        .resolves({ SecretString: `${URL}-2` } as never);
      let now = 1_000_000;
      const handler = middy(echo).use(
        secretValue({
          source: secretsManager('s'),
          contextKey: 'slackWebhookUrl',
          cacheSeconds: 60,
          now: () => now,
        }),
      );
      expect((await handler({}, {} as never)).value).toBe(URL);
      now += 59_000;
      expect((await handler({}, {} as never)).value).toBe(URL);
      expect(sm.commandCalls(GetSecret)).toHaveLength(1);
      now += 2_000;
      expect((await handler({}, {} as never)).value).toBe(`${URL}-2`);
      expect(sm.commandCalls(GetSecret)).toHaveLength(2);
    });

    it('reads a key of a JSON secret', async () => {
      sm.on(GetSecret).resolves({ SecretString: JSON.stringify({ webhookUrl: URL }) } as never);
      const handler = middy(echo).use(
        secretValue({
          source: secretsManager('s', { jsonKey: 'webhookUrl' }),
          contextKey: 'slackWebhookUrl',
        }),
      );
      expect((await handler({}, {} as never)).value).toBe(URL);
    });

    it('reads a SecureString from SSM with decryption', async () => {
      ssm.on(GetParam).resolves({ Parameter: { Value: URL } } as never);
      const handler = middy(echo).use(
        secretValue({
          source: { kind: 'ssm', name: '/hsmwatch/slack', client: new SSMClient({ region: 'us-east-1' }) },
          contextKey: 'slackWebhookUrl',
        }),
      );
      expect((await handler({}, {} as never)).value).toBe(URL);
      expect(ssm.commandCalls(GetParam)[0]!.args[0].input).toEqual({
        Name: '/hsmwatch/slack',
        WithDecryption: true,
      });
    });

    it('fails the invocation with an error naming the secret, not its value or the SDK message', async () => {
      sm.on(GetSecret).rejects(
        Object.assign(new Error(`denied for ${URL}`), { name: 'AccessDeniedException' }),
      );
      const handler = middy(echo).use(
        secretValue({
          source: secretsManager('hsmwatch/slack-webhook'),
        }),
      );
      const err = (await handler({}, {} as never).catch((e: unknown) => e)) as Error;
      expect(err.name).toBe('SecretUnavailableError');
      expect(err.message).toBe('secret hsmwatch/slack-webhook could not be read (AccessDeniedException)');
      expect(JSON.stringify({ m: err.message, c: String((err.cause as Error).message) })).not.toContain(
        'secret-token',
      );
    });

    it('refuses an empty secret', async () => {
      sm.on(GetSecret).resolves({} as never);
      const handler = middy(echo).use(
        secretValue({
          source: secretsManager('x'),
        }),
      );
      await expect(handler({}, {} as never)).rejects.toMatchObject({ name: 'SecretUnavailableError' });
    });
  });

  describe('current', () => {
    it('throws before the middleware has run', () => {
      const mw = secretValue({
        source: { kind: 'ssm', name: 'x', client: new SSMClient({ region: 'us-east-1' }) },
      });
      expect(() => mw.current()).toThrow('secret not loaded yet');
    });
  });
});
