import { ConfigError, parsePollerConfig } from '../../../../src/config/poller-config';

const base = { HSMWATCH_TABLE_NAME: 'hsmwatch', HSMWATCH_EVENT_BUS_NAME: 'bus' };

describe('parsePollerConfig', () => {
  it('applies the documented defaults', () => {
    expect(parsePollerConfig(base)).toMatchObject({
      tableName: 'hsmwatch',
      eventBusName: 'bus',
      targets: [],
      tagRefreshMinutes: 60,
      certExpiryWarningDays: 30,
      stallThresholdMinutes: 30,
      historyTtlDays: 90,
      concurrency: 16,
      apiRateLimit: undefined,
    });
  });

  it('reads bare names too, and parses TARGETS as JSON', () => {
    const config = parsePollerConfig({
      TABLE_NAME: 'tbl',
      EVENT_BUS_NAME: 'b',
      TARGETS:
        '[{"accountId":"123456789012","region":"eu-west-1","roleArn":"arn:aws:iam::123456789012:role/hsmwatch","maxRate":50}]',
      API_RATE_LIMIT: '100',
    });
    expect(config.targets).toEqual([
      {
        accountId: '123456789012',
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::123456789012:role/hsmwatch',
        maxRate: 50,
      },
    ]);
    expect(config.apiRateLimit).toBe(100);
  });

  it('names the bad variable and field', () => {
    expect(() =>
      parsePollerConfig({ ...base, HSMWATCH_TARGETS: '[{"accountId":"12","region":"us-east-1"}]' }),
    ).toThrow(/HSMWATCH_TARGETS\.0\.accountId: accountId must be 12 digits/);
    expect(() => parsePollerConfig({ ...base, HSMWATCH_POLL_CONCURRENCY: 'lots' })).toThrow(
      /HSMWATCH_POLL_CONCURRENCY/,
    );
    expect(() => parsePollerConfig({ HSMWATCH_EVENT_BUS_NAME: 'b' })).toThrow(ConfigError);
    expect(() => parsePollerConfig({ ...base, HSMWATCH_TARGETS: 'not json' })).toThrow(
      /must be a JSON array of targets/,
    );
  });
});
