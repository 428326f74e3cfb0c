import { loadRemediationConfig } from '../../../../src/config/remediation-config';
import {
  FUNCTION_REMEDIATION_ACTIONS,
  permissionsFor,
} from '../../../../src/monitor/remediation/permissions';

describe('loadRemediationConfig', () => {
  it('defaults to dry-run with the documented guardrails', () => {
    const c = loadRemediationConfig({});
    expect(c.policy).toMatchObject({
      mode: 'dryRun',
      maxUnhealthyFraction: 0.3,
      maxActionsPerHapgPerHour: 1,
      maxAttempts: 3,
      minMembers: 2,
      rotateBeforeDays: 14,
    });
    expect(c).toMatchObject({
      certSource: 'secretsManager',
      bundleStore: 'secretsManager',
      planExpiryMinutes: 60,
    });
  });

  it('reads every setting from the environment', () => {
    const c = loadRemediationConfig({
      REMEDIATION_MODE: 'auto',
      REMEDIATION_MAX_UNHEALTHY_FRACTION: '0.5',
      REMEDIATION_DESIRED_PARTITIONS: '{"arn:a":["123456"]}',
      REMEDIATION_BUNDLE_STORE: 's3',
      REMEDIATION_BUNDLE_BUCKET: 'bundles',
    });
    expect(c.policy.mode).toBe('auto');
    expect(c.policy.maxUnhealthyFraction).toBe(0.5);
    expect(c.policy.desiredPartitions).toEqual({ 'arn:a': ['123456'] });
    expect(c.bundleBucket).toBe('bundles');
  });

  it.each([
    [{ REMEDIATION_MODE: 'yolo' }, 'REMEDIATION_MODE'],
    [{ REMEDIATION_MAX_UNHEALTHY_FRACTION: '2' }, 'REMEDIATION_MAX_UNHEALTHY_FRACTION'],
    [{ REMEDIATION_MAX_ATTEMPTS: 'three' }, 'REMEDIATION_MAX_ATTEMPTS'],
    [{ REMEDIATION_DESIRED_PARTITIONS: '[1]' }, 'REMEDIATION_DESIRED_PARTITIONS'],
    [{ REMEDIATION_BUNDLE_STORE: 's3' }, 'REMEDIATION_BUNDLE_BUCKET'],
  ])('refuses %j naming the variable', (env, name) => {
    expect(() => loadRemediationConfig(env)).toThrow(name);
  });
});

describe('permissionsFor', () => {
  it('gives only remediate ModifyHapg and only rotateCertificates ModifyLunaClient', () => {
    expect(permissionsFor('remediate')).toContain('cloudhsm:ModifyHapg');
    expect(permissionsFor('remediate')).not.toContain('cloudhsm:ModifyLunaClient');
    expect(permissionsFor('rotateCertificates')).toContain('cloudhsm:ModifyLunaClient');
    expect(permissionsFor('rotateCertificates')).not.toContain('cloudhsm:ModifyHapg');
  });

  it('never declares a wildcard', () => {
    for (const fn of Object.keys(
      FUNCTION_REMEDIATION_ACTIONS,
    ) as (keyof typeof FUNCTION_REMEDIATION_ACTIONS)[]) {
      for (const action of permissionsFor(fn)) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
    }
  });
});
