/** Validates remediation events against schemas/remediation/*.json with ajv (draft-07). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { HsmwatchEvent } from '../../../../src/monitor/events';

const DIR = join(process.cwd(), 'schemas', 'remediation');
let cache: Map<string, ValidateFunction> | undefined;

/** Detail-type → compiled validator, from every schema file's `x-detail-type`. */
export function remediationSchemas(): Map<string, ValidateFunction> {
  if (cache) return cache;
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  cache = new Map();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { 'x-detail-type': string };
    cache.set(schema['x-detail-type'], ajv.compile(schema));
  }
  return cache;
}

/** Throws with ajv's messages when an event's detail (as serialised) does not match its schema. */
export function assertValidRemediationEvents(events: readonly HsmwatchEvent<unknown>[]): void {
  for (const event of events) {
    const validate = remediationSchemas().get(event.detailType);
    if (!validate) throw new Error(`no schema for ${event.detailType}`);
    if (!validate(JSON.parse(JSON.stringify(event.detail)))) {
      throw new Error(`${event.detailType} does not match its schema: ${JSON.stringify(validate.errors)}`);
    }
  }
}
