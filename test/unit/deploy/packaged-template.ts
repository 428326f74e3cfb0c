/**
 * The CloudFormation template `npx serverless package --stage ci` produces (what .ci/run builds
 * before the tests). Packaged here when missing, stale (older than serverless.yml) or of another
 * stage, so the test also runs on its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

const FILE = '.serverless/cloudformation-template-update-stack.json';

/** A CloudFormation resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

/** The packaged template's resources. */
export interface Template {
  readonly Resources: Record<string, CfnResource>;
}

function current(): Template | undefined {
  if (!existsSync(FILE) || statSync(FILE).mtimeMs < statSync('serverless.yml').mtimeMs) return undefined;
  const t = JSON.parse(readFileSync(FILE, 'utf8')) as Template;
  const table = t.Resources['HsmwatchTable']?.Properties['TableName'];
  return table === 'hsmwatch-ci' ? t : undefined;
}

/** Reads (packaging first when needed) the ci-stage template. */
export function packagedTemplate(): Template {
  const existing = current();
  if (existing) return existing;
  const run = spawnSync('npx', ['serverless', 'package', '--stage', 'ci'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) throw new Error(`serverless package failed:\n${run.stdout}\n${run.stderr}`);
  const t = current();
  if (!t) throw new Error(`serverless package did not write ${FILE}`);
  return t;
}

/** Resources of one type, by logical id. */
export function resourcesOfType(t: Template, type: string): Array<[string, CfnResource]> {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}
