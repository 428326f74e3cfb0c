import {
  loadServiceConfig,
  resolveVariables,
  ServerlessConfigError,
} from '../../../src/local/serverless-config';

describe('serverless-config', () => {
  describe('resolveVariables', () => {
    const src = { params: { n: 14, s: 'x' }, stage: 'dev', region: 'eu-west-1', service: 'hsmwatch' };

    it('keeps the type of a value that is exactly one variable', () => {
      expect(resolveVariables('${param:n}', src)).toBe(14);
      expect(resolveVariables(['<=', '${param:n}'], src)).toEqual(['<=', 14]);
    });

    it('interpolates inside strings and applies fallbacks', () => {
      expect(resolveVariables('${self:service}-${sls:stage}-${param:s}', src)).toBe('hsmwatch-dev-x');
      expect(resolveVariables("${opt:region, 'us-east-1'}", src)).toBe('eu-west-1');
      expect(resolveVariables("${env:NOPE, 'fallback'}", src)).toBe('fallback');
    });

    it('leaves CloudFormation ${AWS::…} alone and refuses unknown variables', () => {
      expect(resolveVariables('arn:${AWS::Partition}:x', src)).toBe('arn:${AWS::Partition}:x');
      expect(() => resolveVariables('${param:missing}', src)).toThrow(ServerlessConfigError);
    });
  });

  describe('loadServiceConfig', () => {
    it('reads the functions with their triggers from serverless.yml', () => {
      const cfg = loadServiceConfig({ stage: 'local' });
      const byName = Object.fromEntries(cfg.functions.map((f) => [f.name, f]));
      expect(Object.keys(byName).sort()).toEqual([
        'digest',
        'dispatch',
        'notify',
        'poll',
        'remediate',
        'rotateCertificates',
      ]);
      expect(byName['dispatch']!.schedules).toEqual(['rate(5 minutes)']);
      expect(byName['digest']!.schedules).toEqual(['rate(1 hour)']);
      expect(byName['poll']!.sqs).toBe(true);
      expect(byName['rotateCertificates']!.schedules).toEqual(['rate(1 day)']);
      expect(byName['rotateCertificates']!.module).toBe('functions/rotate-certificates');
      for (const fn of ['notify', 'remediate', 'rotateCertificates'])
        expect(byName[fn]!.rules).toHaveLength(1);
      expect(JSON.stringify(byName['rotateCertificates']!.rules[0]!.pattern)).toContain('["<=",14]');
    });

    it('applies stage parameters over the defaults', () => {
      expect(loadServiceConfig({ stage: 'prod' }).params['logRetentionDays']).toBe(90);
      expect(loadServiceConfig({ stage: 'local' }).params['logRetentionDays']).toBe(30);
    });
  });
});
