import {
  OPERATIONS,
  OPERATION_NAMES,
  shapeOf,
  validateInput,
  type OperationName,
} from '../../../src/cloudhsm/model';
import { DEFAULT_CREDENTIALS, makeCertificate } from '../../../src/emulator';
import { signedCall, startTestEmulator, type TestEmulator } from '../../support/emulator';

interface Case {
  op: OperationName;
  member: string;
  constraint: string;
  input: Record<string, unknown>;
}

/** Violating values for a shape at a path: one per constraint the model declares (recursing into lists and structures). */
function violationsOf(
  shapeName: string,
  path: string,
  valid: unknown,
): { member: string; constraint: string; value: unknown }[] {
  const shape = shapeOf(shapeName);
  const out: { member: string; constraint: string; value: unknown }[] = [];
  switch (shape.type) {
    case 'string':
      out.push({ member: path, constraint: 'type', value: 42 });
      if (shape.pattern)
        out.push({ member: path, constraint: 'pattern', value: '!'.repeat(Math.max(shape.min ?? 2, 2)) });
      if (shape.enum) out.push({ member: path, constraint: 'enum', value: 'NOT_IN_ENUM' });
      if (shape.min !== undefined && shape.min > 0)
        out.push({ member: path, constraint: 'min length', value: 'a'.repeat(shape.min - 1) });
      if (shape.max !== undefined)
        out.push({ member: path, constraint: 'max length', value: 'a'.repeat(shape.max + 1) });
      return out;
    case 'boolean':
      return [{ member: path, constraint: 'type', value: 'yes' }];
    case 'list': {
      out.push({ member: path, constraint: 'type', value: 'not-a-list' });
      const first = Array.isArray(valid) ? valid[0] : undefined;
      for (const v of violationsOf(shape.member, `${path}.1`, first)) {
        out.push({ member: v.member, constraint: `member ${v.constraint}`, value: [v.value] });
      }
      return out;
    }
    case 'structure': {
      out.push({ member: path, constraint: 'type', value: 'not-a-structure' });
      const base = (valid ?? {}) as Record<string, unknown>;
      for (const [name, def] of Object.entries(shape.members)) {
        if (def.required) {
          const { [name]: _drop, ...rest } = base;
          out.push({ member: `${path}.${name}`, constraint: 'required', value: rest });
        }
        for (const v of violationsOf(def.target, `${path}.${name}`, base[name])) {
          out.push({ member: v.member, constraint: v.constraint, value: { ...base, [name]: v.value } });
        }
      }
      return out;
    }
  }
}

/** Every constrained input member of every operation, with a violating request built from a valid one. */
function casesFor(valid: Record<OperationName, Record<string, unknown>>): Case[] {
  const cases: Case[] = [];
  for (const op of OPERATION_NAMES) {
    const input = shapeOf(OPERATIONS[op].input);
    if (input.type !== 'structure') throw new Error(`${op} input is not a structure`);
    for (const [name, def] of Object.entries(input.members)) {
      if (def.required) {
        const { [name]: _drop, ...rest } = valid[op];
        cases.push({ op, member: name, constraint: 'required', input: rest });
      }
      for (const v of violationsOf(def.target, name, valid[op][name])) {
        cases.push({
          op,
          member: v.member,
          constraint: v.constraint,
          input: { ...valid[op], [name]: v.value },
        });
      }
    }
  }
  return cases;
}

describe('emulator input validation', () => {
  let emu: TestEmulator;
  let valid: Record<OperationName, Record<string, unknown>>;
  let cases: Case[];

  beforeAll(async () => {
    emu = await startTestEmulator();
    const s = await emu.admin.seed({ hsms: 2, hapgs: 1, clients: 1 });
    const hsm = (await signedCall(emu.url, 'DescribeHsm', { HsmArn: s.hsmArns[0] })).json;
    const client = (await signedCall(emu.url, 'DescribeLunaClient', { ClientArn: s.clientArns[0] })).json;
    const serial = String((hsm.Partitions as string[])[0]).split('partition-')[1]!;
    const cert = makeCertificate({
      commonName: 'constraints',
      serialNumber: '0a0b',
      notBefore: new Date(0),
      notAfter: new Date(2e12),
    });
    const hsmInput = {
      SubnetId: 'subnet-0a0b0c00',
      SshKey: 'ssh-rsa AAAAB3 test',
      EniIp: '10.0.0.5',
      IamRoleArn: `arn:aws:iam::${DEFAULT_CREDENTIALS.accountId}:role/R`,
      ExternalId: 'ext-1',
      SubscriptionType: 'PRODUCTION',
      ClientToken: 'abc123',
      SyslogIp: '10.0.0.9',
    };
    valid = {
      AddTagsToResource: { ResourceArn: s.hsmArns[0], TagList: [{ Key: 'k', Value: 'v' }] },
      CreateHapg: { Label: 'group1' },
      CreateHsm: hsmInput,
      CreateLunaClient: { Label: 'client1', Certificate: cert },
      DeleteHapg: { HapgArn: s.hapgArns[0] },
      DeleteHsm: { HsmArn: s.hsmArns[0] },
      DeleteLunaClient: { ClientArn: s.clientArns[0] },
      DescribeHapg: { HapgArn: s.hapgArns[0] },
      DescribeHsm: { HsmArn: s.hsmArns[0] },
      DescribeLunaClient: { CertificateFingerprint: client.CertificateFingerprint },
      GetConfig: { ClientArn: s.clientArns[0], ClientVersion: '5.3', HapgList: s.hapgArns },
      ListAvailableZones: {},
      ListHapgs: { NextToken: '' },
      ListHsms: { NextToken: '' },
      ListLunaClients: { NextToken: '' },
      ListTagsForResource: { ResourceArn: s.hsmArns[0] },
      ModifyHapg: { HapgArn: s.hapgArns[0], Label: 'renamed', PartitionSerialList: [serial] },
      ModifyHsm: {
        HsmArn: s.hsmArns[0],
        SubnetId: hsm.SubnetId,
        EniIp: '10.0.0.7',
        IamRoleArn: hsmInput.IamRoleArn,
        ExternalId: 'e',
        SyslogIp: '10.0.0.8',
      },
      ModifyLunaClient: { ClientArn: s.clientArns[0], Certificate: cert },
      RemoveTagsFromResource: { ResourceArn: s.hsmArns[0], TagKeyList: ['k'] },
    };
    cases = casesFor(valid);
  });
  afterAll(() => emu.stop());

  it('has a valid baseline for every operation, so every violation below is the only one', () => {
    for (const op of OPERATION_NAMES) expect([op, validateInput(op, valid[op])]).toEqual([op, []]);
  });

  it('covers every constrained input member of the model', () => {
    const covered = new Set(cases.map((c) => `${c.op}:${c.member.split('.')[0]}`));
    for (const op of OPERATION_NAMES) {
      const s = shapeOf(OPERATIONS[op].input);
      if (s.type !== 'structure') continue;
      for (const name of Object.keys(s.members)) expect(covered).toContain(`${op}:${name}`);
    }
    expect(cases.length).toBeGreaterThan(100);
  });

  it('answers every violation with InvalidRequestException naming the member, and changes no state', async () => {
    const before = await emu.admin.state();
    const logBefore = (await emu.admin.log()).length;
    const failures: string[] = [];
    for (const c of cases) {
      const res = await signedCall(emu.url, c.op, c.input);
      const ok =
        res.status === 400 &&
        res.json.__type === 'InvalidRequestException' &&
        String(res.json.message).includes(c.member);
      if (!ok)
        failures.push(`${c.op} ${c.member} (${c.constraint}): ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await emu.admin.state()).toEqual(before);
    expect(await emu.admin.log()).toHaveLength(logBefore);
  });

  describe('operator rules', () => {
    const rules: [string, () => [OperationName, Record<string, unknown>], RegExp][] = [
      [
        'DescribeHsm with both HsmArn and HsmSerialNumber',
        () => ['DescribeHsm', { ...valid.DescribeHsm, HsmSerialNumber: '1' }],
        /exactly one/,
      ],
      ['DescribeHsm with neither', () => ['DescribeHsm', {}], /HsmArn or HsmSerialNumber/],
      [
        'DescribeLunaClient with both',
        () => [
          'DescribeLunaClient',
          { ...valid.DescribeLunaClient, ClientArn: valid.DeleteLunaClient.ClientArn },
        ],
        /exactly one/,
      ],
      [
        'DescribeLunaClient with neither',
        () => ['DescribeLunaClient', {}],
        /ClientArn or CertificateFingerprint/,
      ],
      [
        'ModifyHapg with an unknown partition serial',
        () => ['ModifyHapg', { ...valid.ModifyHapg, PartitionSerialList: ['999999999'] }],
        /PartitionSerialList.*not found/,
      ],
      [
        'ModifyHapg with a serial twice',
        () => [
          'ModifyHapg',
          {
            ...valid.ModifyHapg,
            PartitionSerialList: [
              ...(valid.ModifyHapg.PartitionSerialList as string[]),
              ...(valid.ModifyHapg.PartitionSerialList as string[]),
            ],
          },
        ],
        /twice/,
      ],
      [
        'ModifyHsm to a subnet in another AZ',
        () => [
          'ModifyHsm',
          { HsmArn: valid.ModifyHsm.HsmArn, SubnetId: otherAzSubnet(String(valid.ModifyHsm.SubnetId)) },
        ],
        /SubnetId.*can move only within/,
      ],
      [
        'CreateLunaClient with a certificate that is not X.509',
        () => ['CreateLunaClient', { Certificate: 'QUJD'.repeat(200) }],
        /Certificate/,
      ],
      [
        'CreateLunaClient with a certificate that is not base64',
        () => ['CreateLunaClient', { Certificate: 'not.base64:'.repeat(60) }],
        /Certificate.*base64/,
      ],
      [
        'AddTagsToResource with a key twice',
        () => [
          'AddTagsToResource',
          {
            ...valid.AddTagsToResource,
            TagList: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          },
        ],
        /TagList.*unique/,
      ],
      [
        'AddTagsToResource on something that is not a resource ARN',
        () => ['AddTagsToResource', { ...valid.AddTagsToResource, ResourceArn: 'hello' }],
        /ResourceArn/,
      ],
      ['GetConfig with no HAPGs', () => ['GetConfig', { ...valid.GetConfig, HapgList: [] }], /HapgList/],
      [
        'DeleteHsm of an unknown HSM',
        () => ['DeleteHsm', { HsmArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000beef' }],
        /not found/,
      ],
      [
        'DeleteHapg of an unknown HAPG',
        () => ['DeleteHapg', { HapgArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0000beef' }],
        /not found/,
      ],
      [
        'ModifyLunaClient of an unknown client',
        () => [
          'ModifyLunaClient',
          { ...valid.ModifyLunaClient, ClientArn: 'arn:aws:cloudhsm:us-east-1:123456789012:client-0000beef' },
        ],
        /not found/,
      ],
      [
        'ListTagsForResource of an ARN in another region',
        () => [
          'ListTagsForResource',
          { ResourceArn: String(valid.DeleteHsm.HsmArn).replace('us-east-1', 'eu-west-1') },
        ],
        /not found/,
      ],
    ];

    it.each(rules.map(([name, build, re]) => ({ name, build, re })))(
      'refuses $name with InvalidRequestException and no change',
      async ({ build, re }) => {
        const before = await emu.admin.state();
        const [op, input] = build();
        const res = await signedCall(emu.url, op, input);
        expect(res.status).toBe(400);
        expect(res.json.__type).toBe('InvalidRequestException');
        expect(String(res.json.message)).toMatch(re);
        expect(await emu.admin.state()).toEqual(before);
      },
    );

    it('refuses a ClientToken reused with different parameters, and returns the same HSM for the same ones', async () => {
      const first = await signedCall(emu.url, 'CreateHsm', { ...valid.CreateHsm, ClientToken: 'idem1' });
      const same = await signedCall(emu.url, 'CreateHsm', { ...valid.CreateHsm, ClientToken: 'idem1' });
      expect(same.json.HsmArn).toBe(first.json.HsmArn);
      const before = await emu.admin.state();
      const diff = await signedCall(emu.url, 'CreateHsm', {
        ...valid.CreateHsm,
        ClientToken: 'idem1',
        EniIp: '10.0.0.99',
      });
      expect(diff.json.__type).toBe('InvalidRequestException');
      expect(String(diff.json.message)).toContain('ClientToken');
      expect(await emu.admin.state()).toEqual(before);
    });
  });
});

function otherAzSubnet(subnetId: string): string {
  const last = parseInt(subnetId.slice(-1), 16);
  return `${subnetId.slice(0, -1)}${((last + 1) % 3).toString(16)}`;
}
