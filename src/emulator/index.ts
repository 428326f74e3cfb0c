import type { AddressInfo } from 'node:net';
import { createAdminHandler } from './admin/admin-api';
import { realClock, simulatedClock, type Clock } from './clock';
import type { EmulatorContext } from './context';
import { Faults } from './faults';
import { createApiHandler } from './http/api-handler';
import { createHttpServer } from './http/server';
import { SigV4Verifier } from './http/sigv4-verifier';
import { resolveOptions, type EmulatorOptions } from './options';
import { StatePersistence } from './persistence';
import { Store } from './state/store';

export { DEFAULT_CREDENTIALS, DEFAULT_REGION } from './options';
export type { EmulatorCredential, EmulatorOptions, SubnetConfig } from './options';
export type { StateChange } from './state/store';
export type { FaultConfig, ErrorFault } from './faults';
export type { SeedRequest, SeedResult } from './admin/seed';
export { makeCertificate, md5Fingerprint, certificateDer } from './certificates';

/** A running emulator. */
export interface EmulatorHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** In-process access to state and clock (tests and benchmarks; not part of the wire contract). */
  context: EmulatorContext;
}

/** Starts the CloudHSM Classic emulator on 127.0.0.1 (port 0 picks a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const opts = resolveOptions(options);
  const clock: Clock = opts.clock === 'simulated' ? simulatedClock(opts.startTime) : realClock();
  const store = new Store(clock);
  const ctx: EmulatorContext = { store, clock, options: opts };
  let persistence: StatePersistence | undefined;
  if (opts.stateFile) {
    persistence = new StatePersistence(opts.stateFile, store, opts.persistDebounceMs);
    const snap = persistence.load();
    // A simulated clock resumes where it stopped, so pending transitions keep their meaning.
    if (snap?.clockNow !== undefined && clock.kind === 'simulated' && snap.clockNow > clock.now()) {
      clock.advance((snap.clockNow - clock.now()) / 1000);
    }
    const p = persistence;
    store.onChange = () => p.markDirty();
  }
  const faults = new Faults();
  const verifier = new SigV4Verifier(opts.credentials);
  const log = opts.logRequests
    ? (action: string, status: number) => process.stderr.write(`emulator: ${action} ${status}\n`)
    : undefined;
  const api = createApiHandler(ctx, verifier, faults, log);
  const admin = opts.admin ? createAdminHandler(ctx, faults, opts.credentials[0]!.accountId) : undefined;
  const server = createHttpServer(api, admin);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${opts.host}:${port}`,
    port,
    context: ctx,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => persistence?.flush());
      return stopped;
    },
  };
}
