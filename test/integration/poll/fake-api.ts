/** An in-memory CloudHSM read API for store/use-case tests that need exact control of failures. */
import type { CloudHsmReadApi } from '../../../src/usecases/poll/ports';
import type {
  DescribeHapgResponse,
  DescribeHsmResponse,
  DescribeLunaClientResponse,
} from '../../../src/cloudhsm/model/types';

export class FakeApi implements CloudHsmReadApi {
  hsms = new Map<string, DescribeHsmResponse>();
  hapgs = new Map<string, DescribeHapgResponse>();
  clients = new Map<string, DescribeLunaClientResponse>();
  tags = new Map<string, Record<string, string>>();
  failList = false;
  failDescribe = new Set<string>();
  calls = 0;

  private list<T>(m: Map<string, T>): Promise<string[]> {
    this.calls++;
    return this.failList
      ? Promise.reject(Object.assign(new Error('down'), { name: 'CloudHsmServiceException' }))
      : Promise.resolve([...m.keys()]);
  }
  private get<T>(m: Map<string, T>, arn: string): Promise<T> {
    this.calls++;
    const v = m.get(arn);
    if (!v || this.failDescribe.has(arn))
      return Promise.reject(Object.assign(new Error(`no ${arn}`), { name: 'CloudHsmInternalException' }));
    return Promise.resolve(structuredClone(v));
  }
  listAllHsms = () => this.list(this.hsms);
  listAllHapgs = () => this.list(this.hapgs);
  listAllLunaClients = () => this.list(this.clients);
  describeHsm = (i: { HsmArn: string }) => this.get(this.hsms, i.HsmArn);
  describeHapg = (i: { HapgArn: string }) => this.get(this.hapgs, i.HapgArn);
  describeLunaClient = (i: { ClientArn: string }) => this.get(this.clients, i.ClientArn);
  listTagsForResource = async (i: { ResourceArn: string }) => {
    this.calls++;
    return {
      TagList: Object.entries(this.tags.get(i.ResourceArn) ?? {}).map(([Key, Value]) => ({ Key, Value })),
    };
  };
}

/** A small fleet: 2 HSMs (one partition each), one HAPG over both, one client. */
export function smallFleet(api: FakeApi): { hsm1: string; hsm2: string; hapg: string; client: string } {
  const hsm1 = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-00000001';
  const hsm2 = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-00000002';
  const hapg = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-00000001';
  const client = 'arn:aws:cloudhsm:us-east-1:123456789012:client-00000001';
  api.hsms.set(hsm1, {
    HsmArn: hsm1,
    Status: 'RUNNING',
    Partitions: [`${hsm1}/partition-100001`],
    SubscriptionEndDate: '2030-01-01T00:00:00Z',
  });
  api.hsms.set(hsm2, {
    HsmArn: hsm2,
    Status: 'RUNNING',
    Partitions: [`${hsm2}/partition-100002`],
    SubscriptionEndDate: '2030-01-01T00:00:00Z',
  });
  api.hapgs.set(hapg, {
    HapgArn: hapg,
    State: 'READY',
    PartitionSerialList: ['100001', '100002'],
    Label: 'g',
  });
  api.clients.set(client, { ClientArn: client, Label: 'c', CertificateFingerprint: 'aa' });
  return { hsm1, hsm2, hapg, client };
}
