/** The Slack webhook secret middleware, built from alerting config (shared by notify and digest). */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AlertingConfig } from '../../config/alerting-config';
import { secretValue, type SecretValueMiddleware } from './secret-value-middleware';

/** A secretValue middleware for the configured Slack secret, or undefined when Slack is off. */
export function slackWebhookMiddleware(slack: AlertingConfig['slack']): SecretValueMiddleware | undefined {
  if (!slack) return undefined;
  return secretValue({
    source:
      slack.source === 'ssm'
        ? { kind: 'ssm', name: slack.secretName, client: new SSMClient({}) }
        : {
            kind: 'secretsManager',
            name: slack.secretName,
            client: new SecretsManagerClient({}),
            ...(slack.jsonKey ? { jsonKey: slack.jsonKey } : {}),
          },
    contextKey: 'slackWebhookUrl',
    cacheSeconds: slack.cacheSeconds,
  });
}
