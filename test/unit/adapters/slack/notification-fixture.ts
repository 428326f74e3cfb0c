/** A sample notification for sink tests. */
import type { Notification } from '../../../../src/monitor/incidents/types';

export const HAPG_ARN = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-1a2b3c4d';
export const HSM_ARN = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0a1b2c3d';

/** An `opened` notification for a degraded HAPG with one affected HSM. */
export function sampleNotification(over: Partial<Notification> = {}): Notification {
  return {
    id: `123456789012#us-east-1#hapg-degraded#${HAPG_ARN}#1`,
    incidentKey: `123456789012#us-east-1#hapg-degraded#${HAPG_ARN}`,
    seq: 1,
    kind: 'opened',
    problem: 'hapg-degraded',
    severity: 'critical',
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'hapg',
    resourceArn: HAPG_ARN,
    summary: `HAPG prod-keys (${HAPG_ARN}) is DEGRADED; affected: hsm-0a1b2c3d DEGRADED`,
    state: 'DEGRADED',
    affected: [{ arn: HSM_ARN, status: 'DEGRADED', problem: 'hsm-unhealthy', inhibited: false }],
    since: '2026-01-01T00:00:00.000Z',
    at: '2026-01-01T00:05:00.000Z',
    eventId: 'ev-1',
    episode: 1,
    ...over,
  };
}
