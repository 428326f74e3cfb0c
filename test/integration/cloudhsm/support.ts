/** Shared setup for client integration tests against the in-process emulator. */
import { CloudHsmClient, type CloudHsmClientConfig } from '../../../src/cloudhsm/client';
import { DEFAULT_CREDENTIALS } from '../../../src/emulator';
import type { TestEmulator } from '../../support/emulator';

/** A client for `emu`, signing with the emulator's default identity; backoff waits are skipped. */
export function clientFor(emu: TestEmulator, extra: Partial<CloudHsmClientConfig> = {}): CloudHsmClient {
  return new CloudHsmClient({
    region: 'us-east-1',
    endpoint: emu.url,
    credentials: {
      accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
      secretAccessKey: DEFAULT_CREDENTIALS.secretAccessKey,
    },
    random: () => 0,
    ...extra,
  });
}

/** Resolves with the rejection of `p` (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

export { simulatedLimiter } from '../../support/simulated-limiter';
