import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHsmwatchTable } from '../../../src/adapters/dynamo/table';
import { matchesPattern, validatePattern, type EventPattern } from '../../../src/local/event-pattern';
import { loadServiceConfig } from '../../../src/local/serverless-config';
import { permissionsFor } from '../../../src/monitor/remediation/permissions';
import { parseTrigger } from '../../../src/monitor/remediation/triggers';
import { TICK_DETAIL_TYPE } from '../../../src/usecases/notify/handle-event';
import { packagedTemplate, resourcesOfType, type Template } from './packaged-template';
import { ALL_DETAIL_TYPES, sampleEvents, schemaValidators } from './sample-events';
import { zipEntries } from './zip-entries';

const FUNCTIONS = ['dispatch', 'poll', 'notify', 'digest', 'remediate', 'rotateCertificates'] as const;
type Fn = (typeof FUNCTIONS)[number];
const logicalId = (fn: Fn) => `${fn[0]!.toUpperCase()}${fn.slice(1)}`;

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function statements(t: Template, fn: Fn): Statement[] {
  const role = t.Resources[`${logicalId(fn)}Role`];
  const policies = (role?.Properties['Policies'] ?? []) as Array<{
    PolicyDocument: { Statement: Statement[] };
  }>;
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

function actions(t: Template, fn: Fn, service?: string): string[] {
  const all = statements(t, fn).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  return [...new Set(all.filter((a) => !service || a.startsWith(`${service}:`)))].sort();
}

/** The rule pattern that targets each function, from the packaged template. */
function rulesByFunction(t: Template): Map<string, EventPattern[]> {
  const out = new Map<string, EventPattern[]>();
  for (const [, rule] of resourcesOfType(t, 'AWS::Events::Rule')) {
    const pattern = rule.Properties['EventPattern'] as EventPattern | undefined;
    if (!pattern) continue;
    for (const target of rule.Properties['Targets'] as Array<{ Arn: { 'Fn::GetAtt': [string, string] } }>) {
      const fn = target.Arn['Fn::GetAtt'][0].replace(/LambdaFunction$/, '');
      const name = fn[0]!.toLowerCase() + fn.slice(1);
      out.set(name, [...(out.get(name) ?? []), pattern]);
    }
  }
  return out;
}

/** What each consumer acts on (see the notify use case and remediation's parseTrigger). */
const NOTIFY_TYPES = new Set([
  TICK_DETAIL_TYPE,
  'Poll Failed',
  'Poll Recovered',
  'HAPG Registration Stalled',
  'Remediation Skipped',
  'HSM Status Changed',
  'HSM Removed',
  'HSM Changed',
]);

describe('packaged CloudFormation template (stage ci)', () => {
  let t: Template;
  beforeAll(() => {
    t = packagedTemplate();
  }, 180_000);

  describe('functions', () => {
    it('runs every function on nodejs22.x arm64 with its own role and no shared default role', () => {
      for (const fn of FUNCTIONS) {
        const f = t.Resources[`${logicalId(fn)}LambdaFunction`]!.Properties;
        expect({ fn, runtime: f['Runtime'], arch: f['Architectures'] }).toEqual({
          fn,
          runtime: 'nodejs22.x',
          arch: ['arm64'],
        });
        expect(f['Role']).toEqual({ 'Fn::GetAtt': [`${logicalId(fn)}Role`, 'Arn'] });
      }
      expect(t.Resources['IamRoleLambdaExecution']).toBeUndefined();
    });

    it('sends failed async invocations of notify, digest, remediate and rotateCertificates to a DLQ', () => {
      for (const fn of ['notify', 'digest', 'remediate', 'rotateCertificates'] as const) {
        const conf = t.Resources[`${logicalId(fn)}LambdaEvConf`]!.Properties;
        expect(conf['DestinationConfig']).toMatchObject({
          OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/Dlq$/), 'Arn'] } },
        });
      }
    });

    it('packages each function alone: its ESM bundle and source map, nothing else', () => {
      const handlers: Record<Fn, string> = {
        dispatch: 'dispatch',
        poll: 'poll',
        notify: 'notify',
        digest: 'digest',
        remediate: 'remediate',
        rotateCertificates: 'rotate-certificates',
      };
      for (const fn of FUNCTIONS) {
        const f = t.Resources[`${logicalId(fn)}LambdaFunction`]!.Properties;
        expect(f['Handler']).toBe(`functions/${handlers[fn]}.handler`);
        expect(zipEntries(`.serverless/${fn}.zip`).sort()).toEqual([
          `functions/${handlers[fn]}.mjs`,
          `functions/${handlers[fn]}.mjs.map`,
        ]);
      }
    });

    it('gives the functions that act per target the same target list as dispatch', () => {
      const env = (fn: Fn) =>
        (
          t.Resources[`${logicalId(fn)}LambdaFunction`]!.Properties['Environment'] as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
      const targets = env('dispatch')['HSMWATCH_TARGETS'];
      expect(JSON.parse(String(targets))).toEqual([{ accountId: '123456789012', region: 'us-east-1' }]);
      for (const fn of ['remediate', 'rotateCertificates'] as const)
        expect(env(fn)['HSMWATCH_TARGETS']).toEqual(targets);
      for (const fn of FUNCTIONS) expect(env(fn)['HSMWATCH_REMEDIATION_MODE']).toBe('dryRun');
    });

    it('keeps logs for a bounded time', () => {
      const groups = resourcesOfType(t, 'AWS::Logs::LogGroup');
      expect(groups).toHaveLength(FUNCTIONS.length);
      for (const [, g] of groups) expect(g.Properties['RetentionInDays']).toEqual(expect.any(Number));
    });
  });

  describe('least privilege', () => {
    it('grants no wildcard action, and no cloudhsm, dynamodb or sns action on `*` services', () => {
      for (const fn of FUNCTIONS) {
        for (const a of actions(t, fn)) {
          expect({ fn, action: a }).toEqual({
            fn,
            action: expect.not.stringMatching(/^\*$|^(cloudhsm|dynamodb|sns):.*\*/),
          });
        }
        for (const s of statements(t, fn)) {
          const acts = Array.isArray(s.Action) ? s.Action : [s.Action];
          if (acts.some((a) => /^(dynamodb|sns|sqs|events|secretsmanager|s3):/.test(a))) {
            expect({ fn, sid: s.Sid, resource: s.Resource }).not.toEqual({ fn, sid: s.Sid, resource: '*' });
          }
        }
      }
    });

    it('lets poll read CloudHSM (List, Describe, ListTags) and nothing more', () => {
      expect(actions(t, 'poll', 'cloudhsm')).toEqual(
        [
          'cloudhsm:DescribeHapg',
          'cloudhsm:DescribeHsm',
          'cloudhsm:DescribeLunaClient',
          'cloudhsm:ListHapgs',
          'cloudhsm:ListHsms',
          'cloudhsm:ListLunaClients',
          'cloudhsm:ListTagsForResource',
        ].sort(),
      );
    });

    it("gives poll exactly the DynamoDB actions its store's commands need", () => {
      const iam: Record<string, string> = {
        GetCommand: 'dynamodb:GetItem',
        PutCommand: 'dynamodb:PutItem',
        UpdateCommand: 'dynamodb:UpdateItem',
        DeleteCommand: 'dynamodb:DeleteItem',
        QueryCommand: 'dynamodb:Query',
        ScanCommand: 'dynamodb:Scan',
        BatchGetCommand: 'dynamodb:BatchGetItem',
        BatchWriteCommand: 'dynamodb:BatchWriteItem',
      };
      const source = readFileSync('src/adapters/dynamo/resource-store.ts', 'utf8');
      const used = [...new Set(source.match(/\b[A-Z][A-Za-z]*Command\b/g) ?? [])]
        .map((c) => iam[c])
        .filter(Boolean);
      expect(actions(t, 'poll', 'dynamodb')).toEqual([...new Set(used)].sort());
      for (const fn of ['notify', 'digest'] as const)
        expect(actions(t, fn, 'dynamodb')).not.toContain('dynamodb:DeleteItem');
    });

    it('gives CloudHSM Modify actions to remediate and rotateCertificates only', () => {
      for (const fn of FUNCTIONS) {
        const modify = actions(t, fn, 'cloudhsm').filter((a) => a.startsWith('cloudhsm:Modify'));
        if (fn === 'remediate') expect(modify).toEqual(['cloudhsm:ModifyHapg']);
        else if (fn === 'rotateCertificates') expect(modify).toEqual(['cloudhsm:ModifyLunaClient']);
        else expect({ fn, modify }).toEqual({ fn, modify: [] });
      }
      for (const fn of ['dispatch', 'notify', 'digest'] as const)
        expect(actions(t, fn, 'cloudhsm')).toEqual([]);
    });

    it.each(['remediate', 'rotateCertificates'] as const)(
      'grants %s exactly what src/monitor/remediation/permissions.ts declares',
      (fn) => {
        const declared = permissionsFor(fn);
        const services = [...new Set(declared.map((a) => a.split(':')[0]!))];
        const granted = services.flatMap((s) => actions(t, fn, s)).sort();
        expect(granted).toEqual(declared);
      },
    );

    it('scopes assume-role to the monitor role name and secrets to hsmwatch/*', () => {
      for (const fn of ['poll', 'remediate', 'rotateCertificates'] as const) {
        const sts = statements(t, fn).find((s) => s.Action === 'sts:AssumeRole');
        expect(JSON.stringify(sts?.Resource)).toContain(':role/hsmwatch-monitor');
      }
      const secrets = statements(t, 'rotateCertificates').filter((s) =>
        JSON.stringify(s.Action).includes('secretsmanager'),
      );
      for (const s of secrets) expect(JSON.stringify(s.Resource)).toContain(':secret:hsmwatch/');
    });
  });

  describe('event rules', () => {
    const samples = sampleEvents();

    it('has samples of every detail-type we declare, valid against schemas/', () => {
      expect(new Set(samples.map((s) => s.envelope['detail-type']))).toEqual(new Set(ALL_DETAIL_TYPES));
      const validators = schemaValidators();
      for (const s of samples) {
        const validate = validators.get(s.envelope['detail-type']);
        if (!validate || s.envelope['detail-type'].startsWith('Incident ')) continue;
        expect({
          sample: s.name,
          valid: validate(s.envelope.detail),
          errors: validate.errors ?? null,
        }).toEqual({
          sample: s.name,
          valid: true,
          errors: null,
        });
      }
    });

    it('uses only patterns the matcher accepts, the same ones the local runtime routes with', () => {
      const rules = rulesByFunction(t);
      const local = loadServiceConfig({ stage: 'ci' });
      for (const fn of ['notify', 'remediate', 'rotateCertificates']) {
        for (const p of rules.get(fn) ?? []) expect(() => validatePattern(p)).not.toThrow();
        expect(rules.get(fn)).toEqual(local.rules.filter((r) => r.functionName === fn).map((r) => r.pattern));
      }
      expect([...rules.keys()].sort()).toEqual(['notify', 'remediate', 'rotateCertificates']);
    });

    it('routes to notify exactly the events alerting consumes', () => {
      const [pattern] = rulesByFunction(t).get('notify')!;
      for (const s of samples) {
        const expected = NOTIFY_TYPES.has(s.envelope['detail-type']);
        expect({ sample: s.name, routed: matchesPattern(pattern!, s.envelope) }).toEqual({
          sample: s.name,
          routed: expected,
        });
      }
    });

    it.each([
      ['remediate', 'hapg-repair'],
      ['rotateCertificates', 'cert-rotation'],
    ] as const)('routes to %s exactly the events remediation turns into a %s', (fn, kind) => {
      const [pattern] = rulesByFunction(t).get(fn)!;
      for (const s of samples) {
        const trigger = parseTrigger(s.envelope, 14);
        const acts = trigger.ok && trigger.trigger.kind === kind;
        expect({ sample: s.name, routed: matchesPattern(pattern!, s.envelope) }).toEqual({
          sample: s.name,
          routed: acts,
        });
      }
    });

    it('triggers dispatch on its schedule, digest hourly and rotateCertificates daily', () => {
      const schedules = resourcesOfType(t, 'AWS::Events::Rule')
        .filter(([, r]) => r.Properties['ScheduleExpression'])
        .map(([id, r]) => [id.replace(/EventsRuleSchedule\d+$/, ''), r.Properties['ScheduleExpression']]);
      expect(schedules.sort()).toEqual([
        ['Digest', 'rate(1 hour)'],
        ['Dispatch', 'rate(5 minutes)'],
        ['RotateCertificates', 'rate(1 day)'],
      ]);
    });
  });

  describe('resources', () => {
    it('declares the table exactly as src/adapters/dynamo/table.ts, with TTL, PITR and encryption', async () => {
      let created: Record<string, unknown> = {};
      const capture = { send: async (cmd: { input: Record<string, unknown> }) => void (created = cmd.input) };
      await createHsmwatchTable(capture as unknown as DynamoDBClient, 'hsmwatch-ci');
      const table = t.Resources['HsmwatchTable']!.Properties;
      for (const key of [
        'TableName',
        'BillingMode',
        'AttributeDefinitions',
        'KeySchema',
        'GlobalSecondaryIndexes',
      ]) {
        expect({ key, value: table[key] }).toEqual({ key, value: created[key] });
      }
      expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'expiresAt', Enabled: true });
      expect(table['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table['SSESpecification']).toEqual({ SSEEnabled: true });
    });

    it('encrypts the alert topic with KMS and gives every queue encryption, and the poll queue a DLQ', () => {
      expect(t.Resources['AlertTopic']!.Properties['KmsMasterKeyId']).toEqual({ Ref: 'AlertTopicKey' });
      for (const [, q] of resourcesOfType(t, 'AWS::SQS::Queue'))
        expect(q.Properties['SqsManagedSseEnabled']).toBe(true);
      expect(t.Resources['PollQueue']!.Properties['RedrivePolicy']).toMatchObject({
        deadLetterTargetArn: { 'Fn::GetAtt': ['PollDlq', 'Arn'] },
      });
    });

    it('alarms on function errors, DLQ depth, failing polls and open critical incidents', () => {
      const alarms = resourcesOfType(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
      const errors = alarms.filter((a) => a['Namespace'] === 'AWS/Lambda' && a['MetricName'] === 'Errors');
      expect(errors).toHaveLength(FUNCTIONS.length);
      const dlq = alarms.filter((a) => a['MetricName'] === 'ApproximateNumberOfMessagesVisible');
      expect(dlq).toHaveLength(3);
      expect(alarms.map((a) => a['MetricName'])).toEqual(
        expect.arrayContaining(['PollFailed', 'OpenCriticalIncidents']),
      );
      for (const a of alarms) expect(a['AlarmActions']).toEqual([{ Ref: 'AlertTopic' }]);
      expect(resourcesOfType(t, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
    });

    it('points every alarm at a runbook section that exists in the README', () => {
      const headings = readFileSync('README.md', 'utf8')
        .split('\n')
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) =>
          l
            .replace(/^#+ /, '')
            .trim()
            .toLowerCase()
            .replace(/[^a-z0-9 _-]/g, '')
            .replace(/ /g, '-'),
        );
      for (const [id, a] of resourcesOfType(t, 'AWS::CloudWatch::Alarm')) {
        const anchor = /README#([a-z0-9-]+)/.exec(String(a.Properties['AlarmDescription']))?.[1];
        expect({ id, anchor: anchor && headings.includes(anchor) ? anchor : `missing: ${anchor}` }).toEqual({
          id,
          anchor,
        });
      }
    });
  });
});
