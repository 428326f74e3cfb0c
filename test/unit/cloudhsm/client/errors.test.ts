import {
  AuthError,
  ClientValidationError,
  CloudHsmInternalException,
  CloudHsmServiceException,
  errorFromResponse,
  InvalidRequestException,
  sanitizeErrorCode,
  ThrottlingError,
  UnmodeledServiceError,
} from '../../../../src/cloudhsm/client';

const facts = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  operation: 'DescribeHsm',
  statusCode,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  requestId: 'rid-1',
});

describe('errors', () => {
  describe('sanitizeErrorCode', () => {
    it.each([
      ['InvalidRequestException', 'InvalidRequestException'],
      ['com.amazonaws.cloudhsm#CloudHsmServiceException', 'CloudHsmServiceException'],
      [
        'ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/',
        'ThrottlingException',
      ],
      [
        'aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/',
        'FooError',
      ],
      ['FooError,BarError', 'FooError'],
    ])('reduces %s to %s', (raw, expected) => {
      expect(sanitizeErrorCode(raw)).toBe(expected);
    });
  });

  describe('errorFromResponse', () => {
    it('reads the x-amzn-errortype header before the body code and __type', () => {
      const err = errorFromResponse(
        facts(
          400,
          { code: 'CloudHsmServiceException', __type: 'InvalidRequestException' },
          { 'x-amzn-errortype': 'Throttling:http://x' },
        ),
      );
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(err.code).toBe('Throttling');
    });

    it('reads the body code before __type', () => {
      const err = errorFromResponse(
        facts(400, { code: 'CloudHsmServiceException', __type: 'InvalidRequestException' }),
      );
      expect(err).toBeInstanceOf(CloudHsmServiceException);
    });

    it('reads a namespaced __type and carries message, status, request id and fault', () => {
      const err = errorFromResponse(
        facts(400, {
          __type: 'com.amazonaws.cloudhsm.v20140530#InvalidRequestException',
          message: 'no such HSM',
          retryable: false,
        }),
      );
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect(err).toMatchObject({
        name: 'InvalidRequestException',
        message: 'no such HSM',
        statusCode: 400,
        requestId: 'rid-1',
        $fault: 'client',
        retryable: false,
        operation: 'DescribeHsm',
      });
    });

    it('makes CloudHsmInternalException a retryable server fault', () => {
      const err = errorFromResponse(facts(500, { __type: 'CloudHsmInternalException', message: 'boom' }));
      expect(err).toBeInstanceOf(CloudHsmInternalException);
      expect(err).toMatchObject({ retryable: true, $fault: 'server' });
    });

    it('honours retryable:true in a CloudHsmServiceException body', () => {
      expect(
        errorFromResponse(facts(400, { __type: 'CloudHsmServiceException', retryable: true })).retryable,
      ).toBe(true);
      expect(
        errorFromResponse(facts(400, { __type: 'CloudHsmServiceException', retryable: false })).retryable,
      ).toBe(false);
    });

    it('never makes InvalidRequestException retryable, whatever the body says', () => {
      expect(
        errorFromResponse(facts(400, { __type: 'InvalidRequestException', retryable: true })).retryable,
      ).toBe(false);
    });

    it.each([
      'MissingAuthenticationToken',
      'InvalidClientTokenId',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'RequestExpired',
      'AccessDeniedException',
    ])('classifies %s as a non-retryable AuthError', (code) => {
      const err = errorFromResponse(
        facts(code.startsWith('Missing') || code.startsWith('InvalidClient') ? 403 : 400, { __type: code }),
      );
      expect(err).toBeInstanceOf(AuthError);
      expect(err.retryable).toBe(false);
      expect(err.code).toBe(code);
    });

    it.each(['Throttling', 'ThrottlingException'])('classifies %s as a retryable ThrottlingError', (code) => {
      const err = errorFromResponse(facts(400, { __type: code }));
      expect(err).toBeInstanceOf(ThrottlingError);
      expect(err.retryable).toBe(true);
    });

    it('makes an unmodelled 5xx with a non-JSON body a retryable UnmodeledServiceError', () => {
      const err = errorFromResponse(facts(502, '<html>Bad Gateway</html>'));
      expect(err).toBeInstanceOf(UnmodeledServiceError);
      expect(err).toMatchObject({ code: 'Http502', retryable: true, $fault: 'server', statusCode: 502 });
    });

    it('keeps unmodelled 4xx codes non-retryable', () => {
      const err = errorFromResponse(facts(400, { __type: 'InvalidAction' }));
      expect(err).toBeInstanceOf(UnmodeledServiceError);
      expect(err).toMatchObject({ code: 'InvalidAction', retryable: false });
    });
  });

  describe('ClientValidationError', () => {
    it('is an InvalidRequestException naming the first member', () => {
      const err = new ClientValidationError({
        message: 'bad',
        violations: [{ member: 'HsmArn', constraint: 'pattern', message: 'x' }],
      });
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect(err).toMatchObject({
        name: 'ClientValidationError',
        code: 'InvalidRequestException',
        member: 'HsmArn',
        retryable: false,
      });
    });
  });
});
