import { mockClient } from 'aws-sdk-client-mock';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerSecrets } from '../../../../src/adapters/certificates/secrets';
import {
  GeneratedCertificateSource,
  SecretCertificateSource,
} from '../../../../src/adapters/certificates/certificate-sources';
import { S3BundleStore, SecretBundleStore } from '../../../../src/adapters/certificates/bundle-stores';
import type { ConfigBundle } from '../../../../src/usecases/remediation';

// aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
type AnyCommand = Parameters<ReturnType<typeof mockClient>['on']>[0];
const sm = mockClient(SecretsManagerClient as unknown as Parameters<typeof mockClient>[0]);
const s3 = mockClient(S3Client as unknown as Parameters<typeof mockClient>[0]);
const GetSecret = GetSecretValueCommand as unknown as AnyCommand;
const PutSecret = PutSecretValueCommand as unknown as AnyCommand;
const CreateSecret = CreateSecretCommand as unknown as AnyCommand;
const PutObject = PutObjectCommand as unknown as AnyCommand;
type Input = Record<string, unknown>;
const inputOf = (calls: { args: unknown[] }[], i = 0) =>
  (calls[i]?.args[0] as { input: Input } | undefined)?.input;

beforeEach(() => {
  sm.reset();
  s3.reset();
});

const notFound = () =>
  Object.assign(new Error('Secrets Manager can’t find the specified secret.'), {
    name: 'ResourceNotFoundException',
  });

const bundle: ConfigBundle = {
  clientArn: 'arn:aws:cloudhsm:us-east-1:123456789012:client-0000beef',
  label: 'app-host-1',
  clientVersion: '5.3',
  hapgArns: ['arn:aws:cloudhsm:us-east-1:123456789012:hapg-0000abcd'],
  certificateFingerprint: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff',
  configFile: '[Chrystoki2]',
  configCred: 'secret-cred',
  createdAt: '2026-06-01T00:00:00.000Z',
};

describe('SecretCertificateSource (Secrets Manager)', () => {
  it('reads hsmwatch/clients/<label>, as PEM or as JSON with a certificate member', async () => {
    sm.on(GetSecret, { SecretId: 'hsmwatch/clients/app-host-1' }).resolves(<object>{
      SecretString: '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----',
    });
    sm.on(GetSecret, { SecretId: 'hsmwatch/clients/app-host-2' }).resolves(<object>{
      SecretString: JSON.stringify({
        certificate: '-----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----',
      }),
    });
    const source = new SecretCertificateSource(new SecretsManagerSecrets(new SecretsManagerClient({})));
    expect((await source.obtain({ clientArn: bundle.clientArn, label: 'app-host-1' })).pem).toContain('AAA');
    expect((await source.obtain({ clientArn: bundle.clientArn, label: 'app-host-2' })).pem).toContain('BBB');
  });

  it('says which secret is missing, and hides the value of a malformed one', async () => {
    sm.on(GetSecret, { SecretId: 'hsmwatch/clients/gone' }).rejects(notFound());
    sm.on(GetSecret, { SecretId: 'hsmwatch/clients/bad' }).resolves(<object>{
      SecretString: '{"cert":"TOPSECRET"}',
    });
    const source = new SecretCertificateSource(new SecretsManagerSecrets(new SecretsManagerClient({})));
    await expect(source.obtain({ clientArn: bundle.clientArn, label: 'gone' })).rejects.toThrow(
      'secret hsmwatch/clients/gone not found',
    );
    const err = await source.obtain({ clientArn: bundle.clientArn, label: 'bad' }).catch((e: Error) => e);
    expect((err as Error).name).toBe('CertificateSourceError');
    expect((err as Error).message).not.toContain('TOPSECRET');
  });
});

describe('GeneratedCertificateSource (Secrets Manager)', () => {
  it('stores the private key only on commit, creating the secret when it does not exist', async () => {
    sm.on(PutSecret).rejects(notFound());
    sm.on(CreateSecret).resolves({});
    const source = new GeneratedCertificateSource({
      secrets: new SecretsManagerSecrets(new SecretsManagerClient({})),
      now: () => new Date('2026-06-01T00:00:00Z'),
      validDays: 30,
    });
    const got = await source.obtain({ clientArn: bundle.clientArn, label: 'app-host-1' });
    expect(got.pem.length).toBeGreaterThanOrEqual(600);
    expect(got.keyRef).toBe('secretsmanager:hsmwatch/clients/app-host-1/private-key');
    expect(sm.calls()).toHaveLength(0);
    await got.commit?.();
    const create = inputOf(sm.commandCalls(CreateSecret));
    expect(create?.Name).toBe('hsmwatch/clients/app-host-1/private-key');
    expect(create?.SecretString).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe('bundle stores', () => {
  it('SecretBundleStore puts hsmwatch/config/<label>', async () => {
    sm.on(PutSecret).resolves({});
    const store = new SecretBundleStore(new SecretsManagerSecrets(new SecretsManagerClient({})));
    expect(await store.put(bundle)).toBe('secretsmanager:hsmwatch/config/app-host-1');
    const put = inputOf(sm.commandCalls(PutSecret));
    expect(put?.SecretId).toBe('hsmwatch/config/app-host-1');
    expect(JSON.parse(put?.SecretString as string)).toEqual(bundle);
  });

  it('S3BundleStore writes a KMS-encrypted object under hsmwatch/config/', async () => {
    s3.on(PutObject).resolves({});
    const store = new S3BundleStore({ s3: new S3Client({}), bucket: 'bundles' });
    expect(store.locationFor('app-host-1')).toBe('s3://bundles/hsmwatch/config/app-host-1.json');
    expect(await store.put(bundle)).toBe('s3://bundles/hsmwatch/config/app-host-1.json');
    expect(inputOf(s3.commandCalls(PutObject))).toMatchObject({
      Bucket: 'bundles',
      Key: 'hsmwatch/config/app-host-1.json',
      ServerSideEncryption: 'aws:kms',
      ContentType: 'application/json',
    });
  });
});
