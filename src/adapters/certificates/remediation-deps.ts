/**
 * Composition root of the remediation use cases: the handlers, the CLI (`--table` mode) and the
 * local runtime build their RemediationDeps here, so the wiring exists once. The CloudHSM API of
 * a target comes from the caller (TargetClientFactory in AWS, the emulator locally).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EventPublisher } from '../../monitor/events';
import type { Target } from '../../monitor/records';
import { loadRemediationConfig, type RemediationConfig } from '../../config/remediation-config';
import { ResourceStore } from '../dynamo/resource-store';
import { DynamoRemediationStore } from '../dynamo/remediation-store';
import {
  recordSourceFromPollerStore,
  type RemediationClock,
  type RemediationCloudHsm,
  type RemediationDeps,
} from '../../usecases/remediation';
import { S3BundleStore, SecretBundleStore } from './bundle-stores';
import { GeneratedCertificateSource, SecretCertificateSource } from './certificate-sources';
import type { SecretStore } from './secrets';

/** Wall-clock time for Lambda and the CLI. */
export const systemClock: RemediationClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What the composition needs from its caller. */
export interface RemediationWiring {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly publisher: EventPublisher;
  readonly api: (target: Target) => RemediationCloudHsm;
  /** Secrets Manager in AWS; MemorySecrets/FileSecrets locally. */
  readonly secrets: SecretStore;
  /** Needed when the bundle store is `s3`. */
  readonly s3?: S3Client;
  readonly clock?: RemediationClock;
  readonly config?: RemediationConfig;
  readonly log?: RemediationDeps['log'];
}

/** Builds RemediationDeps from the environment and the given clients. */
export function buildRemediationDeps(w: RemediationWiring): RemediationDeps {
  const config = w.config ?? loadRemediationConfig(w.env);
  const clock = w.clock ?? systemClock;
  const resources = new ResourceStore({ doc: w.doc, tableName: w.tableName, now: () => clock.now() });
  const certificates =
    config.certSource === 'generate'
      ? new GeneratedCertificateSource({
          secrets: w.secrets,
          now: () => clock.now(),
          validDays: config.certValidDays,
        })
      : new SecretCertificateSource(w.secrets);
  let bundles;
  if (config.bundleStore === 's3') {
    if (!w.s3 || !config.bundleBucket)
      throw new RangeError('bundle store s3 needs an S3 client and REMEDIATION_BUNDLE_BUCKET');
    bundles = new S3BundleStore({ s3: w.s3, bucket: config.bundleBucket });
  } else {
    bundles = new SecretBundleStore(w.secrets);
  }
  return {
    api: w.api,
    records: recordSourceFromPollerStore(resources),
    store: new DynamoRemediationStore({ doc: w.doc, tableName: w.tableName }),
    publisher: w.publisher,
    clock,
    config,
    certificates,
    bundles,
    newId: () => randomUUID(),
    ...(w.log ? { log: w.log } : {}),
  };
}
