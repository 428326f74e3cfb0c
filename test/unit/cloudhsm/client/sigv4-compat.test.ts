import { jest } from '@jest/globals';
import { CloudHSMClient, DescribeHsmCommand, ListHsmsCommand } from '@aws-sdk/client-cloudhsm';
import { CloudHsmClient } from '../../../../src/cloudhsm/client';
import { canonicalize, expectedSignature } from './sigv4-canonical';
import { startStub, TEST_CREDENTIALS, type StubServer } from './stub-server';

const SIGNING_DATE = Date.UTC(2026, 10, 28, 12, 34, 56);
/** Headers only the official SDK sends (invocation telemetry), not part of the protocol. */
const SDK_TELEMETRY = new Set(['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']);
const HSM = 'arn:aws:cloudhsm:eu-west-1:123456789012:hsm-0123abcd';

describe('SigV4: our canonical request vs @aws-sdk/client-cloudhsm', () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startStub(() => ({ body: { HsmList: [] } }));
  });
  afterAll(() => stub.stop());

  async function capture(
    ours: (c: CloudHsmClient) => Promise<unknown>,
    official: (c: CloudHSMClient) => Promise<unknown>,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = TEST_CREDENTIALS,
  ) {
    const start = stub.requests.length;
    const our = new CloudHsmClient({
      region: 'eu-west-1',
      endpoint: stub.url,
      credentials,
      now: () => SIGNING_DATE,
    });
    await ours(our);
    our.destroy();
    const sdk = new CloudHSMClient({ region: 'eu-west-1', endpoint: stub.url, credentials, maxAttempts: 1 });
    // The SDK takes its signing date from Date.now(); pin it for this one call only.
    const spy = jest.spyOn(Date, 'now').mockReturnValue(SIGNING_DATE);
    try {
      await official(sdk);
    } finally {
      spy.mockRestore();
      sdk.destroy();
    }
    const [a, b] = stub.requests.slice(start);
    return { ours: canonicalize(a!), official: canonicalize(b!), raw: { ours: a!, official: b! } };
  }

  it.each([
    [
      'ListHsms with an empty input',
      (c: CloudHsmClient) => c.listHsms(),
      (c: CloudHSMClient) => c.send(new ListHsmsCommand({})),
    ],
    [
      'DescribeHsm by ARN',
      (c: CloudHsmClient) => c.describeHsm({ HsmArn: HSM }),
      (c: CloudHSMClient) => c.send(new DescribeHsmCommand({ HsmArn: HSM })),
    ],
  ])('matches field by field for %s', async (_name, ours, official) => {
    const { ours: o, official: s, raw } = await capture(ours, official);
    expect(o.method).toBe(s.method);
    expect(o.path).toBe(s.path);
    expect(o.query).toBe(s.query);
    expect(raw.ours.body).toBe(raw.official.body);
    expect(o.payloadHash).toBe(s.payloadHash);
    expect(o.credentialScope).toBe(s.credentialScope);
    expect(o.credentialScope).toBe('20261128/eu-west-1/cloudhsm/aws4_request');
    expect(o.amzDate).toBe(s.amzDate);
    expect(o.amzDate).toBe('20261128T123456Z');
    // Same signed headers once the SDK's telemetry headers are set aside, with equal values.
    const sdkProtocolHeaders = s.signedHeaders.filter((h) => !SDK_TELEMETRY.has(h));
    expect(o.signedHeaders).toEqual(sdkProtocolHeaders);
    for (const h of o.signedHeaders) expect([h, o.canonicalHeaders[h]]).toEqual([h, s.canonicalHeaders[h]]);
    // Both signatures verify against canonical requests rebuilt independently of either signer.
    expect(expectedSignature(o, TEST_CREDENTIALS.secretAccessKey)).toBe(o.signature);
    expect(expectedSignature(s, TEST_CREDENTIALS.secretAccessKey)).toBe(s.signature);
    // With the telemetry headers removed from the SDK's request the canonical requests are identical.
    const strip = (cr: string): string =>
      cr
        .split('\n')
        .filter((line) => !SDK_TELEMETRY.has(line.split(':')[0]!))
        .map((line) =>
          line
            .split(';')
            .filter((h) => !SDK_TELEMETRY.has(h))
            .join(';'),
        )
        .join('\n');
    expect(o.canonicalRequest).toBe(strip(s.canonicalRequest));
  });

  it('signs the session token the same way', async () => {
    const creds = { ...TEST_CREDENTIALS, sessionToken: 'FwoGZXIvYXdzEXAMPLE//token+=' };
    const { ours: o, official: s } = await capture(
      (c) => c.listHsms(),
      (c) => c.send(new ListHsmsCommand({})),
      creds,
    );
    expect(o.signedHeaders).toContain('x-amz-security-token');
    expect(o.canonicalHeaders['x-amz-security-token']).toBe(s.canonicalHeaders['x-amz-security-token']);
    expect(o.signedHeaders).toEqual(s.signedHeaders.filter((h) => !SDK_TELEMETRY.has(h)));
  });
});
