/** Builders for incident tests: records, conditions and observations with readable defaults. */
import type { HapgRecord, HsmRecord, LunaClientRecord } from '../../../../src/monitor/records';
import { DEFAULT_POLICY } from '../../../../src/monitor/incidents/policy';
import type { AlertPolicy, Condition, Observation } from '../../../../src/monitor/incidents/types';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** ISO time `minutes` after T0. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

export function hsm(id: string, over: Partial<HsmRecord> = {}): HsmRecord {
  return {
    resourceType: 'hsm',
    HsmArn: `arn:aws:cloudhsm:${REGION}:${ACCOUNT}:hsm-${id}`,
    SerialNumber: `sn-${id}`,
    Status: 'RUNNING',
    Partitions: [],
    PartitionSerials: [`p-${id}`],
    Tags: {},
    ...over,
  };
}

export function hapg(id: string, members: readonly string[], over: Partial<HapgRecord> = {}): HapgRecord {
  return {
    resourceType: 'hapg',
    HapgArn: `arn:aws:cloudhsm:${REGION}:${ACCOUNT}:hapg-${id}`,
    Label: `group-${id}`,
    State: 'READY',
    PartitionSerialList: members.map((m) => `p-${m}`).sort(),
    HsmsLastActionFailed: [],
    HsmsPendingDeletion: [],
    HsmsPendingRegistration: [],
    Tags: {},
    ...over,
  };
}

export function client(id: string, notAfter: string, over: Partial<LunaClientRecord> = {}): LunaClientRecord {
  return {
    resourceType: 'luna-client',
    ClientArn: `arn:aws:cloudhsm:${REGION}:${ACCOUNT}:client-${id}`,
    Label: `client-${id}`,
    Certificate: {
      subject: 'CN=x',
      issuer: 'CN=x',
      notBefore: at(-100000),
      notAfter,
      md5: 'aa',
      sha256: 'BB',
      serialNumber: '01',
    },
    Tags: {},
    ...over,
  };
}

/** A condition for key `k` with the given severity. */
export function cond(k: string, over: Partial<Condition> = {}): Condition {
  return {
    key: k,
    problem: 'hapg-degraded',
    severity: 'critical',
    accountId: ACCOUNT,
    region: REGION,
    resourceType: 'hapg',
    resourceArn: `arn:${k}`,
    summary: `trouble on ${k}`,
    state: 'DEGRADED',
    affected: [],
    facts: {},
    tags: {},
    mutedBy: null,
    ...over,
  };
}

/** Observation of key `k` at poll number `poll` (minute = poll * 5). */
export function obs(k: string, poll: number, condition: Condition | null): Observation {
  return { key: k, pollId: `poll-${poll}`, at: at(poll * 5), eventId: `ev-${poll}`, condition };
}

export const POLICY: AlertPolicy = DEFAULT_POLICY;
