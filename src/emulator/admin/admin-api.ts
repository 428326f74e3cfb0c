import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { SHAPES, validateShape, type HsmStatus } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import { checkFaultConfig, type FaultConfig, type Faults } from '../faults';
import { sendPlain } from '../http/responses';
import { advanceLifecycle, scheduleRemoval, setHsmStatus } from '../state/lifecycle';
import { renderClient, renderHapg, renderHsm } from '../state/resources';
import { checkSeedRequest, seedFleet, type SeedRequest } from './seed';

/** Prefix of every admin path. */
export const ADMIN_PREFIX = '/_emulator/';

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

function json(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AdminError(400, 'body is not valid JSON');
  }
}

/** GET /_emulator/state: every account and region, every resource in its DescribeX form. */
export function stateView(ctx: EmulatorContext) {
  return {
    now: ctx.store.iso(),
    clock: ctx.clock.kind,
    regions: [...ctx.store.regions.values()]
      .filter((rs) => !rs.isEmpty())
      .map((rs) => ({
        accountId: rs.accountId,
        region: rs.region,
        hsms: rs.sortedArns('hsm').map((a) => renderHsm(rs.hsms.get(a)!)),
        hapgs: rs.sortedArns('hapg').map((a) => renderHapg(rs.hapgs.get(a)!)),
        clients: rs.sortedArns('client').map((a) => renderClient(rs.clients.get(a)!)),
        tags: Object.fromEntries(
          [...rs.hsms.values(), ...rs.hapgs.values(), ...rs.clients.values()]
            .filter((r) => r.Tags.length > 0)
            .map((r) => ['HsmArn' in r ? r.HsmArn : 'HapgArn' in r ? r.HapgArn : r.ClientArn, r.Tags]),
        ),
      })),
    pending: [...ctx.store.pending.values()].map((p) => ({ ...p, due: ctx.store.iso(p.due) })),
  };
}

const STATUSES = (SHAPES.HsmStatus.enum ?? []) as readonly string[];

function forceStatus(ctx: EmulatorContext, id: string, body: Record<string, unknown>) {
  const status = body.Status;
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw new AdminError(400, `Status must be one of ${STATUSES.join(', ')}`);
  }
  if (
    body.StatusDetails !== undefined &&
    (typeof body.StatusDetails !== 'string' || validateShape('String', body.StatusDetails).length)
  ) {
    throw new AdminError(
      400,
      'StatusDetails must be a string of letters, digits, spaces and : + = . / \\ - _',
    );
  }
  for (const rs of ctx.store.regions.values()) {
    const arn = rs.hsms.has(id) ? id : rs.hsmBySerial.get(id);
    const hsm = arn ? rs.hsms.get(arn) : undefined;
    if (!hsm) continue;
    const at = ctx.clock.now();
    ctx.store.unschedule(hsm.HsmArn);
    setHsmStatus(ctx, rs, hsm, status as HsmStatus, body.StatusDetails as string | undefined, at);
    if (status === 'TERMINATED') scheduleRemoval(ctx, rs, hsm, at);
    return renderHsm(hsm);
  }
  throw new AdminError(404, `HSM ${id} not found`);
}

function tokenOk(expected: string | undefined, got: string | string[] | undefined): boolean {
  if (expected === undefined) return true;
  if (typeof got !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The admin API (plain JSON, no SigV4). Faults never apply here. Every call first applies due
 * lifecycle transitions, so what it reports is current.
 */
export function createAdminHandler(
  ctx: EmulatorContext,
  faults: Faults,
  defaultAccount: string,
): (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> {
  return async (req, res, body) => {
    try {
      if (!tokenOk(ctx.options.adminToken, req.headers['x-emulator-admin-token'])) {
        throw new AdminError(401, 'missing or wrong x-emulator-admin-token');
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '');
      const method = req.method ?? 'GET';
      advanceLifecycle(ctx);
      const route = `${method} ${path}`;
      const statusMatch = /^POST hsms\/([^/]+)\/status$/.exec(route);
      if (statusMatch) {
        return sendPlain(
          res,
          200,
          forceStatus(ctx, decodeURIComponent(statusMatch[1]!), json(body) as Record<string, unknown>),
        );
      }
      switch (route) {
        case 'GET health':
          return sendPlain(res, 200, { ok: true });
        case 'POST reset':
          ctx.store.reset();
          faults.clear();
          return sendPlain(res, 200, { ok: true });
        case 'GET state':
          return sendPlain(res, 200, stateView(ctx));
        case 'POST seed': {
          const req = json(body);
          const problem = checkSeedRequest(req);
          if (problem) throw new AdminError(400, problem);
          return sendPlain(res, 200, await seedFleet(ctx, defaultAccount, req as SeedRequest));
        }
        case 'GET faults':
          return sendPlain(res, 200, faults.current());
        case 'POST faults': {
          const f = json(body);
          const problem = checkFaultConfig(f);
          if (problem) throw new AdminError(400, problem);
          faults.set(f as FaultConfig);
          return sendPlain(res, 200, faults.current());
        }
        case 'DELETE faults':
          faults.clear();
          return sendPlain(res, 200, {});
        case 'GET clock':
          return sendPlain(res, 200, { now: ctx.store.iso(), clock: ctx.clock.kind });
        case 'POST clock': {
          const b = json(body) as Record<string, unknown>;
          const s = b?.advanceSeconds;
          if (typeof s !== 'number' || !Number.isFinite(s) || s < 0)
            throw new AdminError(400, 'advanceSeconds must be a number >= 0');
          if (ctx.clock.kind !== 'simulated')
            throw new AdminError(409, 'the clock is real; start with a simulated clock');
          ctx.clock.advance(s);
          advanceLifecycle(ctx);
          ctx.store.onChange();
          return sendPlain(res, 200, { now: ctx.store.iso() });
        }
        case 'GET log': {
          const since = Number(url.searchParams.get('since') ?? 0);
          const log = since > 0 ? ctx.store.log.filter((c) => c.seq > since) : ctx.store.log;
          return sendPlain(res, 200, log);
        }
        default:
          throw new AdminError(404, `no admin endpoint ${method} /_emulator/${path}`);
      }
    } catch (err) {
      if (err instanceof AdminError) return sendPlain(res, err.status, { error: err.message });
      return sendPlain(res, 500, { error: String(err instanceof Error ? err.message : err) });
    }
  };
}
