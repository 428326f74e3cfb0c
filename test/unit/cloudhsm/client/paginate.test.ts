import { CloudHsmClient, PaginationError } from '../../../../src/cloudhsm/client';
import { startStub, TEST_CREDENTIALS, type StubServer } from './stub-server';

const hsm = (n: number): string =>
  `arn:aws:cloudhsm:us-east-1:123456789012:hsm-${n.toString(16).padStart(8, '0')}`;

describe('CloudHsmClient paginators (stub server)', () => {
  let stub: StubServer;
  let client: CloudHsmClient;

  async function setup(
    pages: Record<string, { items: string[]; next?: string }>,
    key = 'HsmList',
  ): Promise<void> {
    stub = await startStub((req) => {
      const token = (JSON.parse(req.body) as { NextToken?: string }).NextToken ?? '';
      const page = pages[token] ?? { items: [] };
      return { body: { [key]: page.items, ...(page.next === undefined ? {} : { NextToken: page.next }) } };
    });
    client = new CloudHsmClient({ region: 'us-east-1', endpoint: stub.url, credentials: TEST_CREDENTIALS });
  }

  afterEach(async () => {
    client?.destroy();
    await stub?.stop();
  });

  describe('paginateListHsms', () => {
    it('follows NextToken until it is absent and sends each token back', async () => {
      await setup({
        '': { items: [hsm(1), hsm(2)], next: 'p2' },
        p2: { items: [hsm(3)], next: 'p3' },
        p3: { items: [hsm(4)] },
      });
      const pages = [];
      for await (const page of client.paginateListHsms()) pages.push(page.HsmList);
      expect(pages).toEqual([[hsm(1), hsm(2)], [hsm(3)], [hsm(4)]]);
      expect(stub.requests.map((r) => r.body)).toEqual(['{}', '{"NextToken":"p2"}', '{"NextToken":"p3"}']);
    });

    it('stops with a PaginationError when the server repeats a token', async () => {
      await setup({
        '': { items: [hsm(1)], next: 'A' },
        A: { items: [hsm(2)], next: 'B' },
        B: { items: [hsm(3)], next: 'A' },
      });
      const err = await client.listAllHsms().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaginationError);
      expect(err).toMatchObject({ code: 'RepeatedPaginationToken', operation: 'ListHsms' });
      expect(stub.requests).toHaveLength(3);
    });

    it('stops when a page returns its own token again', async () => {
      await setup({ '': { items: [hsm(1)], next: 'A' }, A: { items: [hsm(2)], next: 'A' } });
      await expect(client.listAllHsms()).rejects.toBeInstanceOf(PaginationError);
      expect(stub.requests).toHaveLength(2);
    });

    it('enforces maxPages', async () => {
      const pages: Record<string, { items: string[]; next?: string }> = {};
      for (let i = 0; i < 10; i++) pages[i === 0 ? '' : `t${i}`] = { items: [hsm(i)], next: `t${i + 1}` };
      await setup(pages);
      await expect(client.listAllHsms({ maxPages: 5 })).rejects.toMatchObject({ code: 'TooManyPages' });
      expect(stub.requests).toHaveLength(5);
    });
  });

  describe('listAll*', () => {
    it('collects every ARN once, in server order', async () => {
      await setup({ '': { items: [hsm(1), hsm(2)], next: 'x' }, x: { items: [hsm(2), hsm(3)] } });
      expect(await client.listAllHsms()).toEqual([hsm(1), hsm(2), hsm(3)]);
    });

    it('collects HAPGs and Luna clients from their result keys', async () => {
      const hapg = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0000000a';
      await setup({ '': { items: [hapg] } }, 'HapgList');
      expect(await client.listAllHapgs()).toEqual([hapg]);
      client.destroy();
      await stub.stop();
      const lc = 'arn:aws:cloudhsm:us-east-1:123456789012:client-0000000a';
      await setup({ '': { items: [lc], next: 'n' }, n: { items: [] } }, 'ClientList');
      expect(await client.listAllLunaClients()).toEqual([lc]);
    });
  });
});
