import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeRoleProvider } from '../../../src/adapters/sts/target-credentials';
import { TargetClientFactory } from '../../../src/adapters/sts/target-client-factory';

// aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
const stsMock = mockClient(STSClient as unknown as Parameters<typeof mockClient>[0]);
const AssumeRole = AssumeRoleCommand as unknown as Parameters<(typeof stsMock)['on']>[0];
const ROLE = 'arn:aws:iam::222222222222:role/hsmwatch';

describe('assumeRoleProvider', () => {
  beforeEach(() => stsMock.reset());

  it('assumes the role once and reuses the credentials until 5 minutes before expiry', async () => {
    let now = Date.parse('2026-11-28T12:00:00Z');
    let n = 0;
    stsMock.on(AssumeRole).callsFake(() => ({
      Credentials: {
        AccessKeyId: `AKIA${++n}`,
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(now + 3600_000),
      },
    }));
    const provider = assumeRoleProvider(new STSClient({ region: 'us-east-1' }), ROLE, { now: () => now });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a.accessKeyId).toBe('AKIA1');
    expect(b.accessKeyId).toBe('AKIA1');
    now += 50 * 60_000;
    expect((await provider()).accessKeyId).toBe('AKIA1');
    now += 6 * 60_000;
    expect((await provider()).accessKeyId).toBe('AKIA2');
    const input = stsMock.commandCalls(AssumeRole)[0]!.args[0].input as AssumeRoleCommandInput;
    expect(input).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'hsmwatch-poll' });
  });
});

describe('TargetClientFactory', () => {
  it('caches one client per target and refuses a roleArn without STS', () => {
    const factory = new TargetClientFactory({
      defaultEndpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const t = { accountId: '111111111111', region: 'us-east-1' };
    expect(factory.forTarget(t)).toBe(factory.forTarget({ ...t }));
    expect(factory.forTarget(t).client.endpoint).toBe('http://127.0.0.1:1/');
    expect(() => factory.forTarget({ ...t, roleArn: ROLE })).toThrow(/no STS client/);
    factory.destroy();
  });
});
