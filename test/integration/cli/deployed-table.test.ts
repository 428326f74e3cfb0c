import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from '../../support/cli';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';

// `--table T --region R` talks to DynamoDB with the default credential chain and endpoint; here
// the standard AWS_ENDPOINT_URL_DYNAMODB points that at dynalite.
const hsmwatch = runCliCaptured;

describe('hsmwatch --table (the deployed table)', () => {
  let db: DynaliteHandle;
  let table: string;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    db = await startDynalite();
    table = await freshTable(db);
    dir = mkdtempSync(join(tmpdir(), 'hsmwatch-table-'));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('silences, incidents, remediation switch and report', () => {
    it('reads and writes the named table instead of local state', async () => {
      const t = ['--table', table, '--region', 'us-east-1'];
      const add = await hsmwatch(
        ...t,
        'silence',
        'add',
        '--resource-type',
        'hapg',
        '--duration',
        '1h',
        '--reason',
        'change window',
        '--json',
      );
      expect(add.status).toBe(0);
      const { id } = JSON.parse(add.stdout) as { id: string };
      const list = JSON.parse((await hsmwatch(...t, 'silence', 'list', '--json')).stdout) as Array<{
        id: string;
      }>;
      expect(list.map((s) => s.id)).toEqual([id]);
      expect((await hsmwatch(...t, 'incidents')).stdout).toContain('no open incidents');
      expect((await hsmwatch(...t, 'remediation', 'disable', '--reason', 'freeze')).status).toBe(0);
      const status = JSON.parse((await hsmwatch(...t, 'remediation', 'status', '--json')).stdout) as {
        killSwitch: { enabled: boolean; reason?: string };
      };
      expect(status.killSwitch.enabled).toBe(false);
      const file = join(dir, 'fleet.html');
      expect((await hsmwatch(...t, 'report', '--out', file)).status).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain(`table ${table} (us-east-1)`);
      // Local-only commands say so instead of guessing.
      const tail = await hsmwatch(...t, 'events', 'tail', '--no-follow');
      expect({ status: tail.status, stderr: tail.stderr }).toEqual({
        status: 2,
        stderr: expect.stringContaining('local state only'),
      });
    }, 60_000);
  });
});
