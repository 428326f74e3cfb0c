import fc from 'fast-check';
import { OPERATIONS, validateShape, type OperationName } from '../../../src/cloudhsm/model';
import { makeCertificate } from '../../../src/emulator';
import { signedCall, startTestEmulator, type TestEmulator } from '../../support/emulator';

const CERTS = [1, 2, 3].map((i) =>
  makeCertificate({
    commonName: `prop-${i}`,
    serialNumber: `7${i}`,
    notBefore: new Date(0),
    notAfter: new Date(2e12),
  }),
);

type Call =
  | { kind: 'api'; action: string; pick: number; variant: number }
  | { kind: 'admin'; op: 'advance' | 'status' | 'faults'; pick: number; variant: number };

const ACTIONS = [
  'CreateHsm',
  'DeleteHsm',
  'ModifyHsm',
  'DescribeHsm',
  'ListHsms',
  'CreateHapg',
  'ModifyHapg',
  'DeleteHapg',
  'DescribeHapg',
  'ListHapgs',
  'AddTagsToResource',
  'RemoveTagsFromResource',
  'CreateLunaClient',
  'ModifyLunaClient',
  'DescribeLunaClient',
  'DeleteLunaClient',
  'ListLunaClients',
  'GetConfig',
  'ListAvailableZones',
] as const;
const STATUSES = ['RUNNING', 'DEGRADED', 'SUSPENDED', 'TERMINATED'] as const;

const callArb: fc.Arbitrary<Call> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('api' as const),
      action: fc.constantFrom(...ACTIONS),
      pick: fc.nat(50),
      variant: fc.nat(5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('admin' as const),
      op: fc.constantFrom('advance' as const, 'status' as const, 'faults' as const),
      pick: fc.nat(50),
      variant: fc.nat(5),
    }),
  },
);

interface Known {
  hsms: string[];
  hapgs: string[];
  clients: string[];
  serials: string[];
}

/** Builds an input: variant 0 is deliberately invalid or unknown; the others use known resources. */
function inputFor(c: Extract<Call, { kind: 'api' }>, k: Known): Record<string, unknown> {
  const at = <T>(xs: T[], dflt: T) => (xs.length ? xs[c.pick % xs.length]! : dflt);
  const hsm =
    c.variant === 0 ? 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000dead' : at(k.hsms, 'bad-arn');
  const hapg = c.variant === 0 ? 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0000dead' : at(k.hapgs, 'bad');
  switch (c.action) {
    case 'CreateHsm':
      return {
        SubnetId: c.variant === 0 ? 'subnet-xyz' : `subnet-0a0b0c0${c.pick % 3}`,
        SshKey: 'ssh-rsa AAAA',
        IamRoleArn: 'arn:aws:iam::123456789012:role/R',
        SubscriptionType: 'PRODUCTION',
        ...(c.variant === 1 ? { ClientToken: `t${c.pick % 3}` } : {}),
      };
    case 'DeleteHsm':
    case 'DescribeHsm':
      return { HsmArn: hsm };
    case 'ModifyHsm':
      return { HsmArn: hsm, EniIp: `10.0.0.${c.pick}` };
    case 'CreateLunaClient':
      return {
        Label: `c${c.pick}`,
        Certificate: c.variant === 0 ? 'QUJD'.repeat(160) : CERTS[c.pick % CERTS.length],
      };
    case 'ModifyLunaClient':
      return { ClientArn: at(k.clients, 'x'), Certificate: CERTS[(c.pick + c.variant) % CERTS.length] };
    case 'ListHsms':
    case 'ListHapgs':
    case 'ListLunaClients':
      return c.variant === 0 ? { NextToken: 'Zm9yZ2Vk' } : {};
    case 'CreateHapg':
      return { Label: c.variant === 0 ? '' : `g${c.pick}` };
    case 'ModifyHapg': {
      const serials = k.serials.length
        ? [k.serials[c.pick % k.serials.length]!, k.serials[(c.pick + c.variant) % k.serials.length]!]
        : [];
      return { HapgArn: hapg, PartitionSerialList: c.variant === 5 ? ['999999999'] : [...new Set(serials)] };
    }
    case 'DeleteHapg':
    case 'DescribeHapg':
      return { HapgArn: hapg };
    case 'AddTagsToResource':
      return { ResourceArn: c.variant % 2 ? hsm : hapg, TagList: [{ Key: `k${c.variant}`, Value: 'v' }] };
    case 'RemoveTagsFromResource':
      return { ResourceArn: c.variant % 2 ? hsm : hapg, TagKeyList: ['k1', 'k3'] };
    case 'DescribeLunaClient':
    case 'DeleteLunaClient':
      return {
        ClientArn:
          c.variant === 0 ? 'arn:aws:cloudhsm:us-east-1:123456789012:client-0000dead' : at(k.clients, 'x'),
      };
    case 'GetConfig':
      return { ClientArn: at(k.clients, 'x'), ClientVersion: '5.1', HapgList: k.hapgs.slice(0, 2) };
    default:
      return {};
  }
}

async function listAll(url: string, action: string, key: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const res = await signedCall(url, action, token ? { NextToken: token } : {});
    expect(res.status).toBe(200);
    out.push(...(res.json[key] as string[]));
    token = res.json.NextToken as string | undefined;
  } while (token);
  return out;
}

async function checkInvariants(emu: TestEmulator): Promise<void> {
  const state = await emu.admin.state();
  const region = state.regions.find((r) => r.accountId === '123456789012' && r.region === 'us-east-1');
  const hsms = region?.hsms ?? [];
  const hapgs = region?.hapgs ?? [];
  const all = state.regions.flatMap((r) => [
    ...r.hsms.map((h) => h.HsmArn),
    ...r.hapgs.map((g) => g.HapgArn),
    ...r.clients.map((c) => c.ClientArn),
  ]);
  expect(new Set(all).size).toBe(all.length);

  const listedHsms = await listAll(emu.url, 'ListHsms', 'HsmList');
  expect([...listedHsms].sort()).toEqual(hsms.map((h) => h.HsmArn).sort());
  for (const arn of listedHsms) {
    const d = await signedCall(emu.url, 'DescribeHsm', { HsmArn: arn });
    expect(d.status).toBe(200);
    expect(d.json).toEqual(hsms.find((h) => h.HsmArn === arn));
  }
  const listedHapgs = await listAll(emu.url, 'ListHapgs', 'HapgList');
  expect([...listedHapgs].sort()).toEqual(hapgs.map((g) => g.HapgArn).sort());

  const clients = region?.clients ?? [];
  const listedClients = await listAll(emu.url, 'ListLunaClients', 'ClientList');
  expect([...listedClients].sort()).toEqual(clients.map((c) => c.ClientArn).sort());
  const fingerprints = clients.map((c) => c.CertificateFingerprint);
  expect(new Set(fingerprints).size).toBe(fingerprints.length);

  const partitionOwner = new Map<string, { arn: string; status: string }>();
  for (const h of hsms) {
    for (const p of h.Partitions as string[])
      partitionOwner.set(p.split('partition-')[1]!, { arn: String(h.HsmArn), status: String(h.Status) });
  }
  for (const g of hapgs) {
    const d = await signedCall(emu.url, 'DescribeHapg', { HapgArn: g.HapgArn });
    expect(d.json).toEqual(g);
    if (g.State === 'UPDATING') continue;
    for (const serial of g.PartitionSerialList as string[]) {
      const owner = partitionOwner.get(serial);
      const healthy = owner && (owner.status === 'RUNNING' || owner.status === 'UPDATING');
      if (!healthy) {
        expect(g.State).toBe('DEGRADED');
        if (owner) expect(g.HsmsLastActionFailed).toContain(owner.arn);
        else expect((g.HsmsLastActionFailed as string[]).length).toBeGreaterThan(0);
      }
    }
  }
}

describe('emulator properties (fast-check, over HTTP)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ pageSize: 3 });
  });
  afterAll(() => emu.stop());

  it('never answers 5xx unless injected; answers match the output shapes; ARNs stay unique; List agrees with Describe; HAPG members exist or the group is DEGRADED naming them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { minLength: 5, maxLength: 25 }), async (calls) => {
        await emu.admin.reset();
        const seeded = await emu.admin.seed({ hsms: 4, hapgs: 2, clients: 2 });
        const known: Known = {
          hsms: [...seeded.hsmArns],
          hapgs: [...seeded.hapgArns],
          clients: [...seeded.clientArns],
          serials: [],
        };
        for (const arn of known.hsms) {
          known.serials.push(
            String(
              ((await signedCall(emu.url, 'DescribeHsm', { HsmArn: arn })).json.Partitions as string[])[0],
            ).split('partition-')[1]!,
          );
        }
        let injected = false;
        for (const c of calls) {
          if (c.kind === 'admin') {
            if (c.op === 'advance') await emu.admin.advanceClock(c.variant * 4);
            else if (c.op === 'status' && known.hsms.length) {
              await emu.admin
                .setHsmStatus(known.hsms[c.pick % known.hsms.length]!, STATUSES[c.variant % STATUSES.length]!)
                .catch(() => undefined);
            } else if (c.op === 'faults') {
              injected = c.variant === 0;
              if (injected)
                await emu.admin.setFaults({ errors: [{ errorType: 'CloudHsmInternalException', count: 1 }] });
            }
            continue;
          }
          const res = await signedCall(emu.url, c.action, inputFor(c, known));
          if (res.status === 200 && c.action !== 'GetConfig') {
            // Exactly the model's output members, each within its constraints. (GetConfig's
            // Chrystoki.conf and PEM cannot satisfy the model's String pattern, as on the real service.)
            expect(
              validateShape(OPERATIONS[c.action as OperationName].output, res.json, { strictMembers: true }),
            ).toEqual([]);
          }
          if (res.status >= 500) {
            expect(injected).toBe(true);
            injected = false;
          }
          if (res.status === 200 && c.action === 'CreateHsm') {
            const arn = String(res.json.HsmArn);
            if (!known.hsms.includes(arn)) {
              known.hsms.push(arn);
              const d = await signedCall(emu.url, 'DescribeHsm', { HsmArn: arn });
              known.serials.push(String((d.json.Partitions as string[])[0]).split('partition-')[1]!);
            }
          }
          if (res.status === 200 && c.action === 'CreateHapg') known.hapgs.push(String(res.json.HapgArn));
          if (res.status === 200 && c.action === 'CreateLunaClient')
            known.clients.push(String(res.json.ClientArn));
        }
        await emu.admin.clearFaults();
        await checkInvariants(emu);
      }),
      { numRuns: 30, seed: 20261128 },
    );
  });
});
