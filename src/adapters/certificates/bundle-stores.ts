/**
 * Config bundle stores: where the GetConfig output goes for the client host to collect.
 * Secrets Manager (`hsmwatch/config/<label>`, a secret because ConfigCred is sensitive) or S3
 * (`s3://<bucket>/hsmwatch/config/<label>.json`, KMS-encrypted); locally a SecretStore in memory
 * or on disk.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ConfigBundle, ConfigBundleStore } from '../../usecases/remediation';
import type { SecretStore } from './secrets';

/** Secret name of a client's config bundle. */
export const bundleSecretName = (label: string) => `hsmwatch/config/${label}`;

/** Stores bundles as secrets (Secrets Manager, or a local SecretStore). */
export class SecretBundleStore implements ConfigBundleStore {
  constructor(private readonly secrets: SecretStore) {}

  locationFor(label: string): string {
    return this.secrets.locationOf(bundleSecretName(label));
  }
  async put(bundle: ConfigBundle): Promise<string> {
    const name = bundleSecretName(bundle.label);
    await this.secrets.put(
      name,
      JSON.stringify(bundle),
      `hsmwatch: config bundle of Luna client ${bundle.label}`,
    );
    return this.secrets.locationOf(name);
  }
}

/** Stores bundles in S3 with server-side KMS encryption. */
export class S3BundleStore implements ConfigBundleStore {
  constructor(private readonly opts: { s3: S3Client; bucket: string; kmsKeyId?: string }) {}

  private key(label: string): string {
    return `hsmwatch/config/${label}.json`;
  }
  locationFor(label: string): string {
    return `s3://${this.opts.bucket}/${this.key(label)}`;
  }
  async put(bundle: ConfigBundle): Promise<string> {
    await this.opts.s3.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: this.key(bundle.label),
        Body: JSON.stringify(bundle),
        ContentType: 'application/json',
        ServerSideEncryption: 'aws:kms',
        ...(this.opts.kmsKeyId ? { SSEKMSKeyId: this.opts.kmsKeyId } : {}),
      }),
    );
    return this.locationFor(bundle.label);
  }
}
