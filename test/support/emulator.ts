import { EmulatorAdminClient } from '../../src/emulator/admin-client';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator';

/** A test emulator: handle, admin client and stop(). */
export interface TestEmulator {
  url: string;
  admin: EmulatorAdminClient;
  handle: EmulatorHandle;
  stop(): Promise<void>;
}

/**
 * Starts an emulator on a free port with a simulated clock and small delays (provisioning 10 s,
 * update 5 s, termination 5 s, retention 30 s of simulated time) unless overridden.
 */
export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const handle = await startEmulator({
    port: 0,
    clock: 'simulated',
    provisioningDelaySeconds: 10,
    updateDelaySeconds: 5,
    terminationDelaySeconds: 5,
    terminatedRetentionSeconds: 30,
    ...opts,
  });
  const admin = new EmulatorAdminClient(
    handle.url,
    opts.adminToken === undefined ? {} : { token: opts.adminToken },
  );
  return { url: handle.url, admin, handle, stop: () => handle.stop() };
}
