import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { SigV4Verifier } from '../../../src/emulator/http/sigv4-verifier';
import { DEFAULT_CREDENTIALS } from '../../../src/emulator';

const NOW = Date.parse('2026-03-01T12:00:00Z');

async function sign(
  headers: Record<string, string>,
  body: string,
  region = 'us-east-1',
  date = new Date(NOW),
) {
  const signer = new SignatureV4({
    service: 'cloudhsm',
    region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: DEFAULT_CREDENTIALS,
    applyChecksum: false,
  });
  const req = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', headers, body }),
    { signingDate: date },
  );
  return req.headers as Record<string, string>;
}

describe('SigV4Verifier', () => {
  const verifier = new SigV4Verifier([DEFAULT_CREDENTIALS], () => NOW);

  describe('verify', () => {
    it('accepts whatever header set @smithy/signature-v4 signed, and names the caller and region', async () => {
      const headerName = fc.stringMatching(/^x-amz-meta-[a-z]{1,8}$/);
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(headerName, fc.stringMatching(/^[ -~]{0,20}$/), { maxKeys: 4 }),
          fc.string({ maxLength: 200 }),
          fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
          fc.boolean(),
          async (extra, body, region, withHash) => {
            const headers: Record<string, string> = {
              host: 'localhost:4510',
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': 'CloudHsmFrontendService.ListHsms',
              ...extra,
            };
            if (withHash) headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
            const signed = await sign(headers, body, region);
            const caller = await verifier.verify('POST', '/', signed, Buffer.from(body));
            expect(caller).toEqual({
              accountId: DEFAULT_CREDENTIALS.accountId,
              region,
              accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
            });
          },
        ),
        { numRuns: 60 },
      );
    });

    it('refuses any single-character change to the body', async () => {
      const body = '{"Label":"abc"}';
      const signed = await sign(
        { host: 'h', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'T' },
        body,
      );
      await expect(
        verifier.verify('POST', '/', signed, Buffer.from('{"Label":"abd"}')),
      ).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        status: 403,
      });
    });

    it('refuses an unsigned x-amz-date change and a different method', async () => {
      const signed = await sign({ host: 'h', 'x-amz-target': 'T' }, '{}');
      await expect(verifier.verify('PUT', '/', signed, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
      });
      const later = { ...signed, 'x-amz-date': '20260301T120001Z' };
      await expect(verifier.verify('POST', '/', later, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
      });
    });

    it('refuses a scope date that differs from x-amz-date', async () => {
      const signed = await sign({ host: 'h', 'x-amz-target': 'T' }, '{}');
      const moved = { ...signed, authorization: signed.authorization!.replace('/20260301/', '/20260302/') };
      await expect(verifier.verify('POST', '/', moved, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
      });
    });

    it('refuses a signature whose SignedHeaders omit x-amz-date or host', async () => {
      const signed = await sign({ host: 'h', 'x-amz-target': 'T' }, '{}');
      const noHost = {
        ...signed,
        authorization: signed.authorization!.replace('SignedHeaders=host;', 'SignedHeaders='),
      };
      await expect(verifier.verify('POST', '/', noHost, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'IncompleteSignature',
      });
      const noDate = { ...signed, authorization: signed.authorization!.replace(';x-amz-date', '') };
      await expect(verifier.verify('POST', '/', noDate, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'IncompleteSignature',
      });
    });

    it('allows up to 15 minutes of skew and refuses more with RequestExpired', async () => {
      const ok = await sign(
        { host: 'h', 'x-amz-target': 'T' },
        '{}',
        'us-east-1',
        new Date(NOW - 15 * 60_000),
      );
      await expect(verifier.verify('POST', '/', ok, Buffer.from('{}'))).resolves.toBeDefined();
      const old = await sign(
        { host: 'h', 'x-amz-target': 'T' },
        '{}',
        'us-east-1',
        new Date(NOW - 15 * 60_000 - 1000),
      );
      await expect(verifier.verify('POST', '/', old, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'RequestExpired',
        status: 400,
      });
    });
  });
});
