/**
 * npm run bench:client — our client vs @aws-sdk/client-cloudhsm 3.523.0.
 *
 * Builds two esbuild bundles (minified, platform node, target node20, ESM) of the same tiny
 * handler (ListHsms, then DescribeHsm) from bench/fixtures/, writes them to bench/.out/, and
 * measures each as the median of 20 fresh `node` processes that import the bundle and make the
 * first calls against an emulator started here. Runs alternate between the two bundles so drift
 * (CPU frequency, page cache) hits both alike.
 *
 * Bundles are built with mainFields ['module', 'main'] (ESM first), which lets esbuild
 * tree-shake the @smithy packages; with esbuild's node default (main first) both bundles grow,
 * and we print those sizes too. The last line is the JSON summary.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { DEFAULT_CREDENTIALS, startEmulator } from '../src/emulator';
import { EmulatorAdminClient } from '../src/emulator/admin-client';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const outDir = path.join(here, '.out');
const RUNS = 20;
const VARIANTS = ['ours', 'official'] as const;
type Variant = (typeof VARIANTS)[number];

async function bundle(variant: Variant, mainFields: string[], suffix: string): Promise<string> {
  const outfile = path.join(outDir, `client-${variant}${suffix}.mjs`);
  await build({
    entryPoints: [path.join(here, 'fixtures', `client-${variant}.ts`)],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields,
    absWorkingDir: root,
    logLevel: 'error',
    // Some CommonJS dependencies call require() on node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}

const kb = (file: string): number => Math.round((statSync(file).size / 1024) * 10) / 10;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return Math.round((s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) * 10) / 10;
};

/** Child: import the bundle, run the handler once, report the time from before the import. */
const CHILD = `
const t0 = performance.now();
const m = await import(process.env.BENCH_BUNDLE);
const r = await m.handler();
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, ...r }));
`;

async function coldStart(bundleFile: string, endpoint: string): Promise<{ ms: number; wallMs: number }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: os.tmpdir(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    CLOUDHSM_ENDPOINT: endpoint,
    BENCH_BUNDLE: pathToFileURL(bundleFile).href,
  };
  const w0 = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD], {
    env,
    cwd: os.tmpdir(),
  });
  const wallMs = performance.now() - w0;
  const r = JSON.parse(stdout) as { ms: number; count: number; status?: string };
  if (r.count !== 10 || r.status !== 'RUNNING')
    throw new Error(`${bundleFile}: unexpected handler result ${stdout}`);
  return { ms: r.ms, wallMs };
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const files = {} as Record<Variant, string>;
  const mainFirst = {} as Record<Variant, string>;
  for (const v of VARIANTS) {
    files[v] = await bundle(v, ['module', 'main'], '');
    mainFirst[v] = await bundle(v, ['main', 'module'], '.main-first');
  }
  const emu = await startEmulator({ port: 0, provisioningDelaySeconds: 0 });
  const times: Record<Variant, number[]> = { ours: [], official: [] };
  const walls: Record<Variant, number[]> = { ours: [], official: [] };
  try {
    await new EmulatorAdminClient(emu.url).seed({ hsms: 10, hapgs: 0, clients: 0 });
    for (const v of VARIANTS) await coldStart(files[v], emu.url); // warm the page cache once
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 === 0 ? VARIANTS : ([...VARIANTS].reverse() as Variant[]);
      for (const v of order) {
        const r = await coldStart(files[v], emu.url);
        times[v].push(r.ms);
        walls[v].push(r.wallMs);
      }
    }
  } finally {
    await emu.stop();
  }
  const summary = {
    bench: 'client',
    ourBundleKB: kb(files.ours),
    officialBundleKB: kb(files.official),
    ourColdStartMs: median(times.ours),
    officialColdStartMs: median(times.official),
  };
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
  console.log(
    `bundle (ESM-first mainFields)  ours ${summary.ourBundleKB} KB   official ${summary.officialBundleKB} KB   ratio ${Math.round((summary.ourBundleKB / summary.officialBundleKB) * 1000) / 10}%`,
  );
  console.log(
    `bundle (esbuild node default)  ours ${kb(mainFirst.ours)} KB   official ${kb(mainFirst.official)} KB   ratio ${Math.round((kb(mainFirst.ours) / kb(mainFirst.official)) * 1000) / 10}%`,
  );
  console.log(
    `cold import + first 2 calls, median of ${RUNS}: ours ${summary.ourColdStartMs} ms   official ${summary.officialColdStartMs} ms`,
  );
  console.log(
    `whole process (spawn to exit), median of ${RUNS}: ours ${median(walls.ours)} ms   official ${median(walls.official)} ms`,
  );
  console.log(JSON.stringify(summary));
}

await main();
