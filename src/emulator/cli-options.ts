import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { EmulatorCredential, EmulatorOptions, SubnetConfig } from './options';

/** Parsed values of the emulator's command-line options. */
export interface EmulatorCliValues {
  port?: string;
  simulatedClock?: boolean;
  startTime?: string;
  pageSize?: string;
  partitionsPerHsm?: string;
  credentials?: string;
  stateFile?: string;
  admin?: boolean;
  adminToken?: string;
  provisioningDelay?: string;
  updateDelay?: string;
  terminationDelay?: string;
  terminatedRetention?: string;
  logRequests?: boolean;
  subnets?: string;
}

/** Adds the emulator's options to a command (shared by `npm run emulator` and `hsmwatch emulator`). */
export function addEmulatorOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--port <n>', 'TCP port on 127.0.0.1 (0 picks a free one)').default('4510'))
    .addOption(new Option('--simulated-clock', 'time moves only via POST /_emulator/clock'))
    .addOption(new Option('--start-time <iso>', 'start instant of the simulated clock'))
    .addOption(new Option('--page-size <n>', 'items per List page').default('50'))
    .addOption(new Option('--partitions-per-hsm <n>', 'partitions of each new HSM').default('1'))
    .addOption(new Option('--credentials <file>', 'JSON array of {accessKeyId, secretAccessKey, accountId}'))
    .addOption(new Option('--state-file <file>', 'load state from and save it to this file'))
    .addOption(new Option('--no-admin', 'turn off the /_emulator/ admin API'))
    .addOption(new Option('--admin-token <token>', 'require x-emulator-admin-token on admin calls'))
    .addOption(new Option('--provisioning-delay <s>', 'seconds from PENDING to RUNNING').default('10'))
    .addOption(new Option('--update-delay <s>', 'seconds an HSM or HAPG stays UPDATING').default('5'))
    .addOption(new Option('--termination-delay <s>', 'seconds from TERMINATING to TERMINATED').default('5'))
    .addOption(
      new Option('--terminated-retention <s>', 'seconds a TERMINATED HSM stays listed').default('60'),
    )
    .addOption(
      new Option('--subnets <file>', 'JSON array of {subnetId, availabilityZone, vpcId, cidrPrefix?}'),
    )
    .addOption(new Option('--log-requests', 'print one line per API request to stderr'));
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got ${v})`);
  return n;
}

function readJsonArray(flag: string, file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--${flag} ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`--${flag} ${file}: must hold a JSON array`);
  return parsed;
}

/** Reads a credentials file: a JSON array of {accessKeyId, secretAccessKey, accountId}. */
export function loadCredentialsFile(file: string): EmulatorCredential[] {
  return readJsonArray('credentials', file) as EmulatorCredential[];
}

/** Turns parsed option values into EmulatorOptions (throws an Error naming the option on bad values). */
export function toEmulatorOptions(v: EmulatorCliValues): EmulatorOptions {
  const o: EmulatorOptions = {
    port: num('port', v.port) ?? 4510,
    clock: v.simulatedClock ? 'simulated' : 'real',
    admin: v.admin !== false,
    logRequests: !!v.logRequests,
  };
  if (v.startTime !== undefined) o.startTime = v.startTime;
  const set = <K extends keyof EmulatorOptions>(k: K, val: EmulatorOptions[K] | undefined) => {
    if (val !== undefined) o[k] = val;
  };
  set('pageSize', num('page-size', v.pageSize));
  set('partitionsPerHsm', num('partitions-per-hsm', v.partitionsPerHsm));
  set('provisioningDelaySeconds', num('provisioning-delay', v.provisioningDelay));
  set('updateDelaySeconds', num('update-delay', v.updateDelay));
  set('terminationDelaySeconds', num('termination-delay', v.terminationDelay));
  set('terminatedRetentionSeconds', num('terminated-retention', v.terminatedRetention));
  set('adminToken', v.adminToken);
  set('stateFile', v.stateFile);
  if (v.credentials !== undefined) o.credentials = loadCredentialsFile(v.credentials);
  if (v.subnets !== undefined) o.subnets = readJsonArray('subnets', v.subnets) as SubnetConfig[];
  return o;
}
