import { parseTrigger } from '../../../../src/monitor/remediation/triggers';
import { resolveMode } from '../../../../src/monitor/remediation/policy';
import { CLIENT_ARN, HAPG_ARN, policy } from './fixtures';

function envelope(detailType: string, detail: unknown) {
  return {
    version: '0',
    id: 'env-1',
    'detail-type': detailType,
    source: 'hsmwatch',
    account: '123456789012',
    time: '2026-06-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}
const monitorDetail = (over: Record<string, unknown> = {}) => ({
  schemaVersion: '1',
  eventId: 'evt-9',
  accountId: '123456789012',
  region: 'us-east-1',
  resourceType: 'hapg',
  resourceArn: HAPG_ARN,
  previous: null,
  current: { resourceType: 'hapg', State: 'DEGRADED' },
  changedFields: ['State'],
  pollId: 'p',
  observedAt: '2026-06-01T00:00:00Z',
  ...over,
});

describe('parseTrigger', () => {
  it('turns HAPG State Changed to DEGRADED into a repair keyed by the poller eventId', () => {
    expect(parseTrigger(envelope('HAPG State Changed', monitorDetail()), 14)).toEqual({
      ok: true,
      trigger: {
        kind: 'hapg-repair',
        eventId: 'evt-9',
        detailType: 'HAPG State Changed',
        hapgArn: HAPG_ARN,
        accountId: '123456789012',
        region: 'us-east-1',
      },
    });
  });

  it('ignores a state change to READY', () => {
    const r = parseTrigger(
      envelope('HAPG State Changed', monitorDetail({ current: { State: 'READY' } })),
      14,
    );
    expect(r).toEqual({ ok: false, ignored: 'HAPG state READY needs no repair' });
  });

  it('accepts HAPG Action Failed whatever the state', () => {
    const r = parseTrigger(
      envelope('HAPG Action Failed', monitorDetail({ current: { State: 'READY' } })),
      14,
    );
    expect(r.ok && r.trigger.kind).toBe('hapg-repair');
  });

  it('rotates only inside rotateBeforeDays', () => {
    const d = (days: number) =>
      monitorDetail({ resourceArn: CLIENT_ARN, resourceType: 'luna-client', data: { daysToExpiry: days } });
    expect(parseTrigger(envelope('Luna Client Certificate Expiring', d(14)), 14)).toMatchObject({
      ok: true,
      trigger: { kind: 'cert-rotation', daysToExpiry: 14 },
    });
    expect(parseTrigger(envelope('Luna Client Certificate Expiring', d(15)), 14).ok).toBe(false);
  });

  it('reads the manual Rotate Client Certificate event and names a bad field', () => {
    const good = {
      clientArn: CLIENT_ARN,
      accountId: '123456789012',
      region: 'us-east-1',
      requestedBy: 'alice',
    };
    expect(parseTrigger(envelope('Rotate Client Certificate', good), 14)).toMatchObject({
      ok: true,
      trigger: { requestedBy: 'alice', eventId: 'env-1' },
    });
    const bad = parseTrigger(envelope('Rotate Client Certificate', { ...good, clientArn: 'nope' }), 14);
    expect(bad).toMatchObject({ ok: false, ignored: expect.stringContaining('clientArn') });
  });

  it('ignores other detail-types and junk', () => {
    expect(parseTrigger(envelope('HSM Discovered', monitorDetail()), 14).ok).toBe(false);
    expect(parseTrigger({ nope: true }, 14)).toMatchObject({
      ok: false,
      ignored: expect.stringContaining('envelope'),
    });
    expect(parseTrigger(envelope('HAPG Action Failed', monitorDetail({ accountId: 'x' })), 14)).toMatchObject(
      { ignored: expect.stringContaining('accountId') },
    );
  });
});

describe('resolveMode', () => {
  it('uses the stage mode without a tag', () => {
    expect(resolveMode(policy({ mode: 'approve' }), {}).mode).toBe('approve');
  });
  it('lets a tag lower the mode or turn it off', () => {
    expect(resolveMode(policy({ mode: 'auto' }), { 'hsmwatch:remediation': 'dryRun' }).mode).toBe('dryRun');
    expect(resolveMode(policy({ mode: 'auto' }), { 'hsmwatch:remediation': 'off' }).mode).toBe('off');
  });
  it('does not let a tag raise the mode unless escalation is allowed', () => {
    expect(resolveMode(policy(), { 'hsmwatch:remediation': 'auto' }).mode).toBe('dryRun');
    expect(resolveMode(policy({ allowTagEscalation: true }), { 'hsmwatch:remediation': 'auto' }).mode).toBe(
      'auto',
    );
  });
  it('treats an unreadable tag as dry-run', () => {
    expect(resolveMode(policy({ mode: 'auto' }), { 'hsmwatch:remediation': 'yes please' }).mode).toBe(
      'dryRun',
    );
  });
});
