import { loadAlertingConfig } from '../../../../src/config/alerting-config';
import { DEFAULT_POLICY, DEFAULT_SEVERITIES } from '../../../../src/monitor/incidents/policy';

describe('loadAlertingConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadAlertingConfig({});
    expect(c.policy).toEqual(DEFAULT_POLICY);
    expect(c.policy.openAfterPolls).toEqual({ critical: 1, warning: 2, info: 2 });
    expect(c.policy.repeatIntervalMinutes).toBe(240);
    expect(c.slack).toBeUndefined();
    expect(c.snsTopicArn).toBeUndefined();
    expect(c.incidentEventBus).toBeUndefined();
    expect(c.readmeUrl).toMatch(/^https:\/\//);
  });

  it('reads overrides', () => {
    const c = loadAlertingConfig({
      HSMWATCH_TABLE_NAME: 'hsmwatch-dev',
      HSMWATCH_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alerts',
      HSMWATCH_SLACK_SECRET_NAME: '/hsmwatch/slack',
      HSMWATCH_SLACK_SECRET_SOURCE: 'ssm',
      HSMWATCH_SEVERITIES: 'hapg-action-failed=critical, subscription-ending=info',
      HSMWATCH_OPEN_AFTER_POLLS_WARNING: '3',
      HSMWATCH_REPEAT_INTERVAL_MINUTES: '60',
      HSMWATCH_DIGEST_SEVERITIES: 'warning,info',
      HSMWATCH_README_URL: 'https://git.example.test/ops/hsmwatch#readme',
      HSMWATCH_EVENT_BUS_NAME: 'hsmwatch-dev',
    });
    expect(c.policy.severities).toEqual({
      ...DEFAULT_SEVERITIES,
      'hapg-action-failed': 'critical',
      'subscription-ending': 'info',
    });
    expect(c.policy.openAfterPolls.warning).toBe(3);
    expect(c.policy.repeatIntervalMinutes).toBe(60);
    expect(c.policy.digestSeverities).toEqual(['warning', 'info']);
    expect(c.slack).toEqual({ secretName: '/hsmwatch/slack', source: 'ssm', cacheSeconds: 300 });
    expect(c.incidentEventBus).toBe('hsmwatch-dev');
    expect(c.readmeUrl).toBe('https://git.example.test/ops/hsmwatch#readme');
  });

  it.each([
    [{ HSMWATCH_SEVERITIES: 'hapg-broken=critical' }, 'HSMWATCH_SEVERITIES: unknown problem "hapg-broken"'],
    [
      { HSMWATCH_SEVERITIES: 'hapg-degraded=urgent' },
      'HSMWATCH_SEVERITIES: severity of hapg-degraded must be one of',
    ],
    [{ HSMWATCH_OPEN_AFTER_POLLS_CRITICAL: '0' }, 'HSMWATCH_OPEN_AFTER_POLLS_CRITICAL'],
    [{ HSMWATCH_REPEAT_INTERVAL_MINUTES: 'soon' }, 'HSMWATCH_REPEAT_INTERVAL_MINUTES'],
    [{ HSMWATCH_SNS_TOPIC_ARN: 'alerts' }, 'HSMWATCH_SNS_TOPIC_ARN: must be an SNS topic ARN'],
    [{ HSMWATCH_DIGEST_SEVERITIES: 'loud' }, 'HSMWATCH_DIGEST_SEVERITIES'],
  ])('names the variable in the error for %j', (env, message) => {
    expect(() => loadAlertingConfig(env)).toThrow(message);
  });
});
