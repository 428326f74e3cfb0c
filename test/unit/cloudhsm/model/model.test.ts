import { readFileSync } from 'node:fs';
import {
  OPERATIONS,
  OPERATION_NAMES,
  SHAPES,
  shapeOf,
  validateInput,
  type Shape,
} from '../../../../src/cloudhsm/model';

describe('model', () => {
  describe('shapes', () => {
    it('resolves every member and list target to a defined shape', () => {
      for (const shape of Object.values(SHAPES) as Shape[]) {
        if (shape.type === 'list') expect(() => shapeOf(shape.member)).not.toThrow();
        if (shape.type === 'structure') {
          for (const m of Object.values(shape.members)) expect(() => shapeOf(m.target)).not.toThrow();
        }
      }
    });

    it('defines the 20 operations with input and output shapes', () => {
      expect(OPERATION_NAMES).toHaveLength(20);
      for (const op of Object.values(OPERATIONS)) {
        expect(shapeOf(op.input).type).toBe('structure');
        expect(shapeOf(op.output).type).toBe('structure');
      }
    });

    it('agrees with the official Smithy model on members, required flags, patterns and lengths', () => {
      const path = new URL(
        '../../../../../shared/reference/cloudhsm-2014-05-30.smithy.json',
        import.meta.url,
      );
      let smithy: {
        shapes: Record<
          string,
          {
            type: string;
            traits?: Record<string, unknown>;
            members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
          }
        >;
      };
      try {
        smithy = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        return; // the reference folder is beside the checkout in CI and dev; nothing to compare without it
      }
      for (const [id, s] of Object.entries(smithy.shapes)) {
        const name = id.split('#')[1]!;
        const ours = (SHAPES as Record<string, Shape>)[name];
        if (s.type === 'string') {
          expect([name, ours?.type]).toEqual([name, 'string']);
          const o = ours as Extract<Shape, { type: 'string' }>;
          expect([name, o.pattern]).toEqual([name, s.traits?.['smithy.api#pattern']]);
          const len = s.traits?.['smithy.api#length'] as { min?: number; max?: number } | undefined;
          expect([name, o.min, o.max]).toEqual([name, len?.min, len?.max]);
        } else if (s.type === 'structure' && !s.traits?.['smithy.api#error']) {
          const o = ours as Extract<Shape, { type: 'structure' }>;
          expect([name, Object.keys(o.members).sort()]).toEqual([name, Object.keys(s.members ?? {}).sort()]);
          for (const [m, def] of Object.entries(s.members ?? {})) {
            expect([name, m, o.members[m]?.target, !!o.members[m]?.required]).toEqual([
              name,
              m,
              def.target.split('#')[1],
              'smithy.api#required' in (def.traits ?? {}),
            ]);
          }
        } else if (s.type === 'enum') {
          expect((ours as Extract<Shape, { type: 'string' }>).enum).toHaveLength(
            Object.keys(s.members ?? {}).length,
          );
        }
      }
    });
  });

  describe('validateInput', () => {
    it('accepts a valid request', () => {
      expect(
        validateInput('DescribeHapg', { HapgArn: 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0123abcd' }),
      ).toEqual([]);
    });

    it('names the member of a missing required field', () => {
      expect(validateInput('DescribeHapg', {})).toEqual([
        expect.objectContaining({ member: 'HapgArn', constraint: 'required' }),
      ]);
    });

    it('uses anchored patterns', () => {
      const v = validateInput('DescribeHapg', {
        HapgArn: 'xarn:aws:cloudhsm:us-east-1:123456789012:hapg-0123abcdx',
      });
      expect(v[0]).toMatchObject({ member: 'HapgArn', constraint: 'pattern' });
    });

    it('checks list members and nested structures with an indexed path', () => {
      const v = validateInput('AddTagsToResource', {
        ResourceArn: 'a',
        TagList: [{ Key: 'k', Value: 'v' }, { Key: '' }],
      });
      expect(v.map((x) => x.member)).toEqual(['TagList.2.Key', 'TagList.2.Value']);
    });

    it('checks enums', () => {
      const v = validateInput('GetConfig', {
        ClientArn: 'arn:aws:cloudhsm:us-east-1:123456789012:client-0123abcd',
        ClientVersion: '5.2',
        HapgList: [],
      });
      expect(v[0]).toMatchObject({ member: 'ClientVersion', constraint: 'enum' });
    });
  });
});
