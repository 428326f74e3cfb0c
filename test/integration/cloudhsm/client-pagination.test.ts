import type { CloudHsmClient } from '../../../src/cloudhsm/client';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { clientFor } from './support';

describe('CloudHsmClient pagination (emulator, page size 7)', () => {
  let emu: TestEmulator;
  let client: CloudHsmClient;

  beforeAll(async () => {
    emu = await startTestEmulator({ pageSize: 7 });
    client = clientFor(emu);
  });
  afterAll(async () => {
    client.destroy();
    await emu.stop();
  });

  it('lists 1,000 HSMs across 143 pages of at most 7', async () => {
    const { hsmArns } = await emu.admin.seed({ hsms: 1000, hapgs: 0, clients: 0 });
    const sizes: number[] = [];
    const seen: string[] = [];
    for await (const page of client.paginateListHsms()) {
      sizes.push(page.HsmList?.length ?? 0);
      seen.push(...(page.HsmList ?? []));
    }
    expect(sizes).toHaveLength(Math.ceil(1000 / 7));
    expect(Math.max(...sizes)).toBe(7);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen)).toEqual(new Set(hsmArns));
    const all = await client.listAllHsms();
    expect(all).toHaveLength(1000);
    expect(new Set(all)).toEqual(new Set(hsmArns));
  });

  it('pages HAPGs and Luna clients the same way', async () => {
    const seeded = await emu.admin.seed({ hsms: 0, hapgs: 0, clients: 15 });
    expect(new Set(await client.listAllLunaClients())).toEqual(new Set(seeded.clientArns));
    expect(await client.listAllHapgs()).toEqual([]);
  });
});
