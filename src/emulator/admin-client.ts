import type { HsmStatus } from '../cloudhsm/model';
import type { SeedRequest, SeedResult } from './admin/seed';
import type { FaultConfig } from './faults';
import type { StateChange } from './state/store';

export type { SeedRequest, SeedResult } from './admin/seed';
export type { FaultConfig, ErrorFault } from './faults';
export type { StateChange } from './state/store';
export type { HsmStatus } from '../cloudhsm/model';

/** The shape of GET /_emulator/state. */
export interface EmulatorState {
  now: string;
  clock: 'real' | 'simulated';
  regions: {
    accountId: string;
    region: string;
    hsms: Record<string, unknown>[];
    hapgs: Record<string, unknown>[];
    clients: Record<string, unknown>[];
    tags: Record<string, { Key: string; Value: string }[]>;
  }[];
  pending: { accountId: string; region: string; family: string; arn: string; action: string; due: string }[];
}

/** An admin call that failed: the HTTP status and the emulator's message. */
export class EmulatorAdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorAdminError';
  }
}

/** A plain-fetch client of the emulator's admin API (tests, demo, benchmarks). */
export class EmulatorAdminClient {
  private readonly base: string;
  private readonly token: string | undefined;

  constructor(baseUrl: string, opts: { token?: string } = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token !== undefined) headers['x-emulator-admin-token'] = this.token;
    const res = await fetch(`${this.base}/_emulator/${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!res.ok) {
      throw new EmulatorAdminError(
        res.status,
        (parsed as { error?: string }).error ?? `admin call failed: ${res.status}`,
      );
    }
    return parsed as T;
  }

  /** Clears every resource, the log and the faults. */
  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }
  /** Every account and region with every resource in its DescribeX form. */
  state(): Promise<EmulatorState> {
    return this.call('GET', 'state');
  }
  /** Builds a RUNNING/READY fleet at once. */
  seed(req: SeedRequest): Promise<SeedResult> {
    return this.call('POST', 'seed', req);
  }
  /** Forces an HSM's status (by ARN or serial number); HAPGs holding its partitions follow. */
  setHsmStatus(
    arnOrSerial: string,
    status: HsmStatus,
    statusDetails?: string,
  ): Promise<Record<string, unknown>> {
    return this.call('POST', `hsms/${encodeURIComponent(arnOrSerial)}/status`, {
      Status: status,
      ...(statusDetails === undefined ? {} : { StatusDetails: statusDetails }),
    });
  }
  /** Replaces the fault configuration. */
  setFaults(f: FaultConfig): Promise<FaultConfig> {
    return this.call('POST', 'faults', f);
  }
  /** Clears every fault. */
  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }
  /** Moves the simulated clock forward; due transitions happen. */
  advanceClock(seconds: number): Promise<{ now: string }> {
    return this.call('POST', 'clock', { advanceSeconds: seconds });
  }
  /** The emulator's current time (ISO 8601). */
  async now(): Promise<string> {
    return (await this.call<{ now: string }>('GET', 'clock')).now;
  }
  /** Every state change in order (optionally only those after `sinceSeq`). */
  log(sinceSeq?: number): Promise<StateChange[]> {
    return this.call('GET', sinceSeq ? `log?since=${sinceSeq}` : 'log');
  }
}
