/**
 * One or more sample envelopes of every detail-type hsmwatch emits, built the way the producers
 * build them (poller's targetEvent, remediation's remediationEvent/certificateRotatedEvent,
 * hand-built resource events) and checked against schemas/ so they are what the code emits.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  INCIDENT_DETAIL_TYPES,
  MONITOR_DETAIL_TYPES,
  REMEDIATION_DETAIL_TYPES,
  type EventBridgeEnvelope,
  type HsmwatchEvent,
  type MonitorDetailType,
} from '../../../src/monitor/events';
import type { HapgRecord, HsmRecord, LunaClientRecord, ResourceRecord } from '../../../src/monitor/records';
import { targetEvent } from '../../../src/monitor/poll/target-events';
import {
  certificateRotatedEvent,
  remediationEvent,
} from '../../../src/monitor/remediation/remediation-events';
import type { RemediationPlan } from '../../../src/monitor/remediation/types';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const AT = '2026-03-01T12:00:00.000Z';
const FP1 = Array.from({ length: 16 }, (_, i) => (i + 16).toString(16)).join(':');
const FP2 = Array.from({ length: 16 }, (_, i) => (i + 160).toString(16)).join(':');
const arn = (id: string) => `arn:aws:cloudhsm:${REGION}:${ACCOUNT}:${id}`;

/** A named sample: `name` says which variant (e.g. `HAPG State Changed → DEGRADED`). */
export interface Sample {
  readonly name: string;
  readonly envelope: EventBridgeEnvelope;
}

const hsm = (status: HsmRecord['Status']): HsmRecord => ({
  resourceType: 'hsm',
  HsmArn: arn('hsm-1a2b3c4d'),
  SerialNumber: '500001',
  Status: status,
  AvailabilityZone: 'us-east-1a',
  Partitions: [arn('hsm-1a2b3c4d/partition-700001')],
  PartitionSerials: ['700001'],
  Tags: {},
});
const hapg = (state: HapgRecord['State'], failed: string[] = []): HapgRecord => ({
  resourceType: 'hapg',
  HapgArn: arn('hapg-1a2b3c4d'),
  HapgSerial: '600001',
  Label: 'payments',
  State: state,
  PartitionSerialList: ['700001', '700002'],
  HsmsLastActionFailed: failed,
  HsmsPendingDeletion: [],
  HsmsPendingRegistration: [],
  Tags: {},
});
const client = (fp: string): LunaClientRecord => ({
  resourceType: 'luna-client',
  ClientArn: arn('client-1a2b3c4d'),
  Label: 'app-1',
  CertificateFingerprint: fp,
  Tags: {},
});

function monitor(
  type: MonitorDetailType,
  previous: ResourceRecord | null,
  current: ResourceRecord | null,
  data?: Record<string, unknown>,
): HsmwatchEvent<unknown> {
  const r = (current ?? previous)!;
  const resourceArn =
    r.resourceType === 'hsm' ? r.HsmArn : r.resourceType === 'hapg' ? r.HapgArn : r.ClientArn;
  return {
    source: 'hsmwatch',
    detailType: type,
    time: AT,
    resources: [resourceArn],
    detail: {
      schemaVersion: '1',
      eventId: `e-${type.replace(/ /g, '-')}`,
      accountId: ACCOUNT,
      region: REGION,
      resourceType: r.resourceType,
      resourceArn,
      previous,
      current,
      changedFields: [],
      pollId: 'poll-1',
      observedAt: AT,
      ...(data ? { data } : {}),
    },
  };
}

const plan = (kind: RemediationPlan['kind']): RemediationPlan => ({
  planId: kind === 'hapg-repair' ? 'plan-0123456789abcdef01234567' : 'plan-89abcdef0123456789abcdef',
  kind,
  resourceArn: kind === 'hapg-repair' ? arn('hapg-1a2b3c4d') : arn('client-1a2b3c4d'),
  accountId: ACCOUNT,
  region: REGION,
  mode: 'auto',
  trigger: {
    eventId: 'e-1',
    detailType: kind === 'hapg-repair' ? 'HAPG State Changed' : 'Luna Client Certificate Expiring',
  },
  createdAt: AT,
  steps: [],
  preChecks: [],
  verdict: 'execute',
  reasons: [],
  facts: {},
});

function events(): Array<[string, HsmwatchEvent<unknown>]> {
  const target = { accountId: ACCOUNT, region: REGION };
  const expiring = (days: number) =>
    monitor('Luna Client Certificate Expiring', null, client(FP1), {
      daysToExpiry: days,
      notAfter: AT,
      threshold: 30,
    });
  const out: Array<[string, HsmwatchEvent<unknown>]> = [
    ['HSM Discovered', monitor('HSM Discovered', null, hsm('RUNNING'))],
    ['HSM Status Changed → DEGRADED', monitor('HSM Status Changed', hsm('RUNNING'), hsm('DEGRADED'))],
    ['HSM Status Changed → RUNNING', monitor('HSM Status Changed', hsm('DEGRADED'), hsm('RUNNING'))],
    ['HSM Changed', monitor('HSM Changed', hsm('RUNNING'), { ...hsm('RUNNING'), SoftwareVersion: '5.4' })],
    ['HSM Removed', monitor('HSM Removed', hsm('TERMINATED'), null)],
    [
      'HSM Subscription Ending',
      monitor('HSM Subscription Ending', null, hsm('RUNNING'), {
        daysToEnd: 20,
        subscriptionEndDate: AT,
        threshold: 30,
      }),
    ],
    ['HAPG Discovered', monitor('HAPG Discovered', null, hapg('READY'))],
    ['HAPG State Changed → DEGRADED', monitor('HAPG State Changed', hapg('READY'), hapg('DEGRADED'))],
    ['HAPG State Changed → READY', monitor('HAPG State Changed', hapg('DEGRADED'), hapg('READY'))],
    ['HAPG State Changed → UPDATING', monitor('HAPG State Changed', hapg('READY'), hapg('UPDATING'))],
    [
      'HAPG Action Failed',
      monitor('HAPG Action Failed', hapg('UPDATING'), hapg('DEGRADED', [arn('hsm-1a2b3c4d')])),
    ],
    [
      'HAPG Membership Changed',
      monitor('HAPG Membership Changed', hapg('READY'), {
        ...hapg('READY'),
        PartitionSerialList: ['700002'],
      }),
    ],
    [
      'HAPG Registration Stalled',
      monitor('HAPG Registration Stalled', hapg('UPDATING'), hapg('UPDATING'), {
        stalledHsms: [arn('hsm-1a2b3c4d')],
        pendingSinceMinutes: 45,
      }),
    ],
    ['HAPG Changed', monitor('HAPG Changed', hapg('READY'), { ...hapg('READY'), Label: 'payments-2' })],
    ['HAPG Removed', monitor('HAPG Removed', hapg('READY'), null)],
    ['Luna Client Discovered', monitor('Luna Client Discovered', null, client(FP1))],
    ['Luna Client Certificate Changed', monitor('Luna Client Certificate Changed', client(FP1), client(FP2))],
    ['Luna Client Certificate Expiring 30 days', expiring(30)],
    ['Luna Client Certificate Expiring 15 days', expiring(15)],
    ['Luna Client Certificate Expiring 14 days', expiring(14)],
    ['Luna Client Certificate Expiring 7 days', expiring(7)],
    ['Luna Client Certificate Expiring expired', expiring(-2)],
    ['Luna Client Changed', monitor('Luna Client Changed', client(FP1), { ...client(FP1), Label: 'app-2' })],
    ['Luna Client Removed', monitor('Luna Client Removed', client(FP1), null)],
    [
      'Poll Completed',
      targetEvent(target, 'Poll Completed', 'poll-1', 'poll-1', new Date(AT), {
        counts: {},
        hapgsDegraded: 0,
        apiCalls: 3,
        throttles: 0,
        durationMs: 10,
      }),
    ],
    [
      'Poll Failed',
      targetEvent(target, 'Poll Failed', 'e-pf', 'poll-1', new Date(AT), {
        error: 'ThrottlingError',
        since: AT,
      }),
    ],
    [
      'Poll Recovered',
      targetEvent(target, 'Poll Recovered', 'e-pr', 'poll-2', new Date(AT), {
        since: AT,
        error: 'x',
        outageMinutes: 10,
      }),
    ],
  ];
  for (const type of [
    'Remediation Planned',
    'Remediation Started',
    'Remediation Succeeded',
    'Remediation Failed',
    'Remediation Skipped',
  ] as const) {
    // The extras each type carries (per its schema), as the executor adds them.
    const extras = {
      'Remediation Planned': {},
      'Remediation Started': { attempt: 1 },
      'Remediation Succeeded': { attempt: 1 },
      'Remediation Failed': {
        attempt: 3,
        blocked: true,
        reason: 'verify-timeout',
        error: { name: 'TimeoutError', message: 'x' },
      },
      'Remediation Skipped': { reason: 'systemic-outage' },
    }[type];
    out.push([`${type} (hapg-repair)`, remediationEvent(type, plan('hapg-repair'), AT, extras)]);
    out.push([`${type} (cert-rotation)`, remediationEvent(type, plan('cert-rotation'), AT, extras)]);
  }
  out.push([
    'Luna Client Certificate Rotated',
    certificateRotatedEvent({
      planId: 'plan-89abcdef0123456789abcdef',
      clientArn: arn('client-1a2b3c4d'),
      label: 'app-1',
      accountId: ACCOUNT,
      region: REGION,
      previousFingerprint: FP1,
      newFingerprint: FP2,
      notAfter: AT,
      source: 'generate',
      hapgArns: [arn('hapg-1a2b3c4d')],
      bundleLocation: 'secretsmanager:hsmwatch/bundles/app-1',
      at: AT,
    }),
  ]);
  out.push([
    'Rotate Client Certificate',
    {
      source: 'hsmwatch',
      detailType: 'Rotate Client Certificate',
      time: AT,
      resources: [arn('client-1a2b3c4d')],
      detail: {
        clientArn: arn('client-1a2b3c4d'),
        accountId: ACCOUNT,
        region: REGION,
        requestedBy: 'operator',
      },
    },
  ]);
  for (const type of INCIDENT_DETAIL_TYPES) {
    out.push([
      type,
      {
        source: 'hsmwatch',
        detailType: type,
        time: AT,
        resources: [],
        detail: { schemaVersion: '1', eventId: 'e-i' },
      },
    ]);
  }
  return out;
}

function envelope(e: HsmwatchEvent<unknown>): EventBridgeEnvelope {
  return JSON.parse(
    JSON.stringify({
      version: '0',
      id: 'id-1',
      'detail-type': e.detailType,
      source: e.source,
      account: ACCOUNT,
      time: e.time,
      region: REGION,
      resources: e.resources ?? [],
      detail: e.detail,
    }),
  ) as EventBridgeEnvelope;
}

/** Every sample, as EventBridge would deliver it. */
export function sampleEvents(): Sample[] {
  return events().map(([name, e]) => ({ name, envelope: envelope(e) }));
}

/** Detail-type → schema validator for every file under schemas/ (by `x-detail-type`). */
export function schemaValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const out = new Map<string, ValidateFunction>();
  for (const dir of ['monitor', 'remediation', 'incidents']) {
    const base = join(process.cwd(), 'schemas', dir);
    for (const file of readdirSync(base).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(base, file), 'utf8')) as {
        'x-detail-type'?: string;
        title?: string;
      };
      out.set(schema['x-detail-type'] ?? String(schema.title), ajv.compile(schema));
    }
  }
  return out;
}

/** Every detail-type we declare (the samples must cover all of them). */
export const ALL_DETAIL_TYPES: readonly string[] = [
  ...MONITOR_DETAIL_TYPES,
  ...INCIDENT_DETAIL_TYPES,
  ...REMEDIATION_DETAIL_TYPES,
];
