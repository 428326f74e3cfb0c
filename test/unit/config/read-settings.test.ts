import { z } from 'zod';
import { readSettings, SettingsError } from '../../../src/config/read-settings';

class DemoConfigError extends SettingsError {
  override readonly name = 'DemoConfigError';
}

const schema = z.object({
  TABLE_NAME: z.string().min(3, 'TABLE_NAME is required'),
  LIMIT: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? 5 : Number(v)))
    .pipe(z.number().int()),
});
const options = { prefix: 'HSMWATCH_', what: 'demo', error: DemoConfigError };

describe('readSettings', () => {
  it('prefers the prefixed variable, falls back to the bare one, and applies defaults', () => {
    // prepare / act
    const settings = readSettings(schema, { HSMWATCH_TABLE_NAME: 'prefixed', TABLE_NAME: 'bare' }, options);
    const bare = readSettings(schema, { TABLE_NAME: 'bare', LIMIT: '7' }, options);

    // assess
    expect(settings).toEqual({ TABLE_NAME: 'prefixed', LIMIT: 5 });
    expect(bare).toEqual({ TABLE_NAME: 'bare', LIMIT: 7 });
  });

  it('throws the given error class naming every bad variable as the environment spells it', () => {
    // act
    let thrown: unknown;
    try {
      readSettings(schema, { LIMIT: 'lots' }, options);
    } catch (error) {
      thrown = error;
    }

    // assess
    expect(thrown).toBeInstanceOf(DemoConfigError);
    const error = thrown as DemoConfigError;
    expect(error.name).toBe('DemoConfigError');
    expect(error.variables).toEqual(['HSMWATCH_TABLE_NAME', 'LIMIT']);
    expect(error.message).toMatch(/^invalid demo configuration: /);
    expect(error.message).toContain('HSMWATCH_TABLE_NAME: ');
    expect(error.message).toContain('LIMIT: ');
  });
});

describe('readSettings with empty values', () => {
  it('treats an empty variable as unset, so an empty stage parameter means the default', async () => {
    const { z } = await import('zod');
    const { readSettings, SettingsError } = await import('../../../src/config/read-settings');
    const schema = z.object({ SLACK: z.string().min(1).optional(), MODE: z.string().default('dryRun') });
    const parsed = readSettings(
      schema,
      { HSMWATCH_SLACK: '', HSMWATCH_MODE: '' },
      {
        prefix: 'HSMWATCH_',
        what: 'test',
        error: SettingsError,
      },
    );
    expect(parsed).toEqual({ MODE: 'dryRun' });
  });
});
