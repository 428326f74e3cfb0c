import type { InputOf, OutputOf } from '../../cloudhsm/model';
import { certificateDer, md5Fingerprint } from '../certificates';
import type { EmulatorContext } from '../context';
import { invalidRequest, notFound, serviceError } from '../errors';
import { page } from '../state/pagination';
import type { RegionState } from '../state/region-state';
import { renderClient, type LunaClientData } from '../state/resources';

/** Looks a client up by ARN; InvalidRequestException "... not found" otherwise. */
export function findClient(rs: RegionState, arn: string): LunaClientData {
  const c = rs.clients.get(arn);
  if (!c) throw notFound('Luna client', arn);
  return c;
}

function byFingerprint(rs: RegionState, fp: string): LunaClientData | undefined {
  const want = fp.toLowerCase();
  for (const c of rs.clients.values()) if (c.CertificateFingerprint === want) return c;
  return undefined;
}

/** Creates a client record (CreateLunaClient and the admin seed); the certificate must parse. */
export function createClientRecord(
  ctx: EmulatorContext,
  rs: RegionState,
  certificate: string,
  label: string | undefined,
  at: number,
): LunaClientData {
  const fp = md5Fingerprint(certificateDer(certificate));
  const dup = byFingerprint(rs, fp);
  if (dup)
    throw serviceError(`A Luna client with certificate fingerprint ${fp} already exists: ${dup.ClientArn}`);
  const arn = `${rs.arnPrefix()}client-${ctx.store.newId()}`;
  const c: LunaClientData = {
    ClientArn: arn,
    Certificate: certificate,
    CertificateFingerprint: fp,
    LastModifiedTimestamp: String(Math.floor(at / 1000)),
    ...(label === undefined ? {} : { Label: label }),
    Tags: [],
  };
  rs.clients.set(arn, c);
  rs.membershipChanged();
  ctx.store.record(rs, arn, 'exists', false, true, at);
  return c;
}

/** CreateLunaClient. */
export function createLunaClient(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'CreateLunaClient'>,
): OutputOf<'CreateLunaClient'> {
  return {
    ClientArn: createClientRecord(ctx, rs, input.Certificate, input.Label, ctx.clock.now()).ClientArn,
  };
}

/** DescribeLunaClient: exactly one of ClientArn or CertificateFingerprint. */
export function describeLunaClient(
  _ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'DescribeLunaClient'>,
): OutputOf<'DescribeLunaClient'> {
  const { ClientArn, CertificateFingerprint } = input;
  if ((ClientArn === undefined) === (CertificateFingerprint === undefined)) {
    throw invalidRequest('Specify exactly one of ClientArn or CertificateFingerprint');
  }
  if (ClientArn !== undefined) return renderClient(findClient(rs, ClientArn));
  const c = byFingerprint(rs, CertificateFingerprint!);
  if (!c) throw notFound('Luna client with certificate fingerprint', CertificateFingerprint!);
  return renderClient(c);
}

/** ListLunaClients: one page of client ARNs. */
export function listLunaClients(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ListLunaClients'>,
): OutputOf<'ListLunaClients'> {
  const p = page(ctx.store.tokenSecret, rs, 'client', ctx.options.pageSize, input.NextToken);
  return p.nextToken ? { ClientList: p.items, NextToken: p.nextToken } : { ClientList: p.items };
}

/** ModifyLunaClient: replaces the certificate and its fingerprint. */
export function modifyLunaClient(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'ModifyLunaClient'>,
): OutputOf<'ModifyLunaClient'> {
  const c = findClient(rs, input.ClientArn);
  const fp = md5Fingerprint(certificateDer(input.Certificate));
  const dup = byFingerprint(rs, fp);
  if (dup && dup !== c)
    throw serviceError(`A Luna client with certificate fingerprint ${fp} already exists: ${dup.ClientArn}`);
  const at = ctx.clock.now();
  const { store } = ctx;
  store.set(rs, c, c.ClientArn, 'Certificate', input.Certificate, at);
  store.set(rs, c, c.ClientArn, 'CertificateFingerprint', fp, at);
  store.set(rs, c, c.ClientArn, 'LastModifiedTimestamp', String(Math.floor(at / 1000)), at);
  return { ClientArn: c.ClientArn };
}

/** DeleteLunaClient: removed at once. */
export function deleteLunaClient(
  ctx: EmulatorContext,
  rs: RegionState,
  input: InputOf<'DeleteLunaClient'>,
): OutputOf<'DeleteLunaClient'> {
  const c = findClient(rs, input.ClientArn);
  rs.clients.delete(c.ClientArn);
  rs.membershipChanged();
  ctx.store.record(rs, c.ClientArn, 'exists', true, false);
  return { Status: 'OK' };
}
