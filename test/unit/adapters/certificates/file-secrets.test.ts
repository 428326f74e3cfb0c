import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecrets, MemorySecrets } from '../../../../src/adapters/certificates/secrets';
import { SecretBundleStore } from '../../../../src/adapters/certificates/bundle-stores';
import { SecretCertificateSource } from '../../../../src/adapters/certificates/certificate-sources';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hsmwatch-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSecrets (local runtime)', () => {
  it('writes one owner-only file per secret and reads it back', async () => {
    const secrets = new FileSecrets(dir);
    await secrets.put('hsmwatch/clients/app/private-key', 'KEY');
    expect(await secrets.get('hsmwatch/clients/app/private-key')).toBe('KEY');
    expect((await stat(join(dir, 'hsmwatch/clients/app/private-key'))).mode & 0o777).toBe(0o600);
    expect(await secrets.get('hsmwatch/clients/none')).toBeUndefined();
  });

  it('refuses names that would leave its directory', async () => {
    await expect(new FileSecrets(dir).put('../escape', 'x')).rejects.toThrow('not a safe path');
  });

  it('backs the same certificate source and bundle store as Secrets Manager', async () => {
    const secrets = new FileSecrets(dir);
    await secrets.put('hsmwatch/clients/app', '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----');
    expect(
      (await new SecretCertificateSource(secrets).obtain({ clientArn: 'x', label: 'app' })).pem,
    ).toContain('AAA');
    const store = new SecretBundleStore(secrets);
    expect(store.locationFor('app')).toBe(`file:${join(dir, 'hsmwatch/config/app')}`);
    const memory = new SecretBundleStore(new MemorySecrets());
    expect(memory.locationFor('app')).toBe('memory:hsmwatch/config/app');
  });
});
