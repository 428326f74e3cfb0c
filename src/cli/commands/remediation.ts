/**
 * `hsmwatch remediation plan|approve|disable|enable|unblock|rotate|status`: remediation's use
 * cases, on local state (the embedded emulator, local secrets) or on the deployed table
 * (`--table`, default AWS credentials, the stage's event bus).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import chalk from 'chalk';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudHsmClient } from '../../cloudhsm/client';
import { DEFAULT_CREDENTIALS } from '../../emulator/index';
import { loadRemediationConfig } from '../../config/remediation-config';
import { buildRemediationDeps } from '../../adapters/certificates/remediation-deps';
import { FileSecrets, SecretsManagerSecrets } from '../../adapters/certificates/secrets';
import { EventBridgePublisher } from '../../adapters/eventbridge/eventbridge-publisher';
import { TargetClientFactory } from '../../adapters/sts/target-client-factory';
import {
  approvePlan,
  disableRemediation,
  enableRemediation,
  remediationStatus,
  requestRemediation,
  unblockResource,
  type RemediationDeps,
  type StoredPlan,
} from '../../usecases/remediation';
import { action, CliError } from '../cli-error';
import { colourState, renderTable, shortArn } from '../format';
import { localSecretsDir, withLocalRuntime } from '../local-runtime';
import { withState, type GlobalOptions } from '../state';

type Mode = 'dryRun' | 'approve' | 'auto';
const MODES: readonly Mode[] = ['dryRun', 'approve', 'auto'];

/** Runs `fn` with RemediationDeps on local state (emulator + handlers) or the deployed table. */
async function withDeps<T>(
  g: GlobalOptions & { eventBus?: string },
  mode: Mode | undefined,
  needsApi: boolean,
  fn: (deps: RemediationDeps) => Promise<T>,
): Promise<T> {
  const env = { ...process.env, ...(mode ? { HSMWATCH_REMEDIATION_MODE: mode } : {}) };
  if (g.table === undefined && needsApi) {
    return withLocalRuntime(g, { remediationMode: mode ?? 'dryRun' }, async (rt, local) => {
      const deps = buildRemediationDeps({
        env: {
          ...env,
          HSMWATCH_REMEDIATION_CERT_SOURCE: 'generate',
          HSMWATCH_REMEDIATION_BUNDLE_STORE: 'secretsManager',
        },
        doc: rt.dynamo.doc,
        tableName: rt.dynamo.tableName,
        publisher: rt.bus,
        api: (t) =>
          new CloudHsmClient({
            region: t.region,
            endpoint: rt.target.endpoint!,
            credentials: DEFAULT_CREDENTIALS,
          }),
        secrets: new FileSecrets(localSecretsDir(local)),
      });
      const out = await fn(deps);
      await rt.bus.drain(); // remediation events reach notify, as on the bus in AWS
      return out;
    });
  }
  return withState(g, async (state) => {
    const deployed = state.mode === 'deployed';
    const factory = new TargetClientFactory();
    return fn(
      buildRemediationDeps({
        env,
        doc: state.doc,
        tableName: state.tableName,
        publisher: deployed
          ? new EventBridgePublisher({
              client: new EventBridgeClient({}),
              eventBusName: g.eventBus ?? state.tableName,
            })
          : { publish: async () => undefined },
        api: (t) => factory.forTarget(t).client,
        secrets: deployed
          ? new SecretsManagerSecrets(new SecretsManagerClient({}))
          : new FileSecrets(localSecretsDir(state.local!)),
        ...(deployed ? { s3: new S3Client({}), config: loadRemediationConfig(env) } : {}),
      }),
    );
  });
}

function printPlan(p: StoredPlan | undefined, outcome: string): void {
  if (!p) {
    process.stdout.write(`outcome: ${outcome}\n`);
    return;
  }
  const plan = p.plan;
  process.stdout.write(
    `${chalk.bold(`plan ${plan.planId}`)} ${plan.kind} ${shortArn(plan.resourceArn)} — mode ${plan.mode}, verdict ${colourState(plan.verdict.toUpperCase())}, status ${colourState(p.status.toUpperCase())}\n`,
  );
  if (plan.reasons.length) process.stdout.write(`reasons: ${plan.reasons.join(', ')}\n`);
  process.stdout.write(
    `\n${renderTable(
      ['PRE-CHECK', 'RESULT', 'DETAIL'],
      plan.preChecks.map((c) => [c.name, c.passed ? chalk.green('pass') : chalk.red('FAIL'), c.detail]),
    )}\n`,
  );
  process.stdout.write(
    `\n${renderTable(
      ['STEP', 'MUTATING', 'WHY', 'INPUT'],
      plan.steps.map((s) => [
        s.action,
        s.mutating ? chalk.yellow('yes') : 'no',
        s.reason,
        JSON.stringify(s.input),
      ]),
    )}\n`,
  );
  if (p.approvalExpiresAt)
    process.stdout.write(
      `\napprove before ${p.approvalExpiresAt}: hsmwatch remediation approve ${plan.planId}\n`,
    );
}

const who = () => userInfo().username;

/** Registers `remediation`. */
export function registerRemediationCommands(program: Command): void {
  const r = program
    .command('remediation')
    .description('plan, approve and control HAPG repairs and certificate rotations')
    .option(
      '--event-bus <name>',
      'with --table: the event bus (default: the table name, as serverless.yml names both)',
    );
  const modeOption = (c: Command, def?: Mode) =>
    c.option('--mode <mode>', `override the remediation mode: ${MODES.join(', ')}`, def);
  const mode = (v: string | undefined): Mode | undefined => {
    if (v === undefined) return undefined;
    if (!(MODES as readonly string[]).includes(v))
      throw new CliError(`--mode: must be one of ${MODES.join(', ')}`, 2);
    return v as Mode;
  };

  modeOption(
    r
      .command('plan')
      .description('plan a repair (HAPG) or rotation (client) in dry-run and show it')
      .argument('<arn>', 'HAPG or Luna client ARN'),
    'dryRun',
  ).action(
    action(async (arn: string, o: { mode?: string }, cmd: Command) => {
      await withDeps(cmd.optsWithGlobals(), mode(o.mode) ?? 'dryRun', true, async (deps) => {
        const out = await requestRemediation(deps, arn, who());
        printPlan(out.planId ? await deps.store.getPlan(out.planId) : undefined, out.outcome);
      });
    }),
  );
  r.command('approve')
    .description('run a plan that awaits approval (approve mode)')
    .argument('<plan-id>', 'plan id (from `remediation plan` or the Remediation Planned event)')
    .action(
      action(async (planId: string, _o: unknown, cmd: Command) => {
        if (!/^plan-[0-9a-f]+$/.test(planId)) throw new CliError(`plan-id: not a plan id: ${planId}`, 2);
        await withDeps(cmd.optsWithGlobals(), undefined, true, async (deps) => {
          const result = await approvePlan(deps, planId, who());
          process.stdout.write(`plan ${planId}: ${JSON.stringify(result)}\n`);
        });
      }),
    );
  modeOption(
    r
      .command('rotate')
      .description("rotate a Luna client's certificate now (under the mode's rules)")
      .argument('<client-arn>', 'Luna client ARN'),
  ).action(
    action(async (arn: string, o: { mode?: string }, cmd: Command) => {
      if (!/:client-[0-9a-f]{8}$/.test(arn))
        throw new CliError(`client-arn: not a Luna client ARN: ${arn}`, 2);
      await withDeps(cmd.optsWithGlobals(), mode(o.mode), true, async (deps) => {
        const out = await requestRemediation(deps, arn, who());
        printPlan(out.planId ? await deps.store.getPlan(out.planId) : undefined, out.outcome);
        if (out.outcome === 'failed')
          throw new CliError(`rotation failed: ${out.reason ?? 'see the audit trail'}`);
      });
    }),
  );
  r.command('disable')
    .description('kill switch: stop every mutating remediation step')
    .option('--reason <text>', 'why', '')
    .action(
      action(async (o: { reason: string }, cmd: Command) => {
        await withDeps(cmd.optsWithGlobals(), undefined, false, async (deps) => {
          await disableRemediation(deps, who(), o.reason);
          process.stdout.write(`remediation ${chalk.red('disabled')}\n`);
        });
      }),
    );
  r.command('enable')
    .description('lift the kill switch')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        await withDeps(cmd.optsWithGlobals(), undefined, false, async (deps) => {
          await enableRemediation(deps, who());
          process.stdout.write(`remediation ${chalk.green('enabled')}\n`);
        });
      }),
    );
  r.command('unblock')
    .description('clear the block left on a resource by repeated failures')
    .argument('<arn>', 'HAPG or Luna client ARN')
    .action(
      action(async (arn: string, _o: unknown, cmd: Command) => {
        await withDeps(cmd.optsWithGlobals(), undefined, false, async (deps) => {
          const removed = await unblockResource(deps, arn, who());
          if (!removed) throw new CliError(`${arn} is not blocked`);
          process.stdout.write(`unblocked ${arn} (was: ${removed.reason})\n`);
        });
      }),
    );
  r.command('status')
    .description('kill switch, blocked resources and recent plans')
    .option('--json', 'print as JSON')
    .action(
      action(async (o: { json?: boolean }, cmd: Command) => {
        await withDeps(cmd.optsWithGlobals(), undefined, false, async (deps) => {
          const s = await remediationStatus(deps, { limit: 20 });
          if (o.json) return void process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
          process.stdout.write(
            `remediation ${s.killSwitch.enabled ? chalk.green('enabled') : chalk.red('disabled')}\n`,
          );
          if (s.blocks.length)
            process.stdout.write(
              `${renderTable(
                ['BLOCKED', 'REASON'],
                s.blocks.map((b) => [b.arn, b.reason]),
              )}\n`,
            );
          const rows = s.plans.map((p) => [
            p.updatedAt,
            p.plan.planId,
            p.plan.kind,
            shortArn(p.plan.resourceArn),
            colourState(p.status.toUpperCase()),
          ]);
          process.stdout.write(
            rows.length
              ? `${renderTable(['UPDATED', 'PLAN', 'KIND', 'RESOURCE', 'STATUS'], rows)}\n`
              : 'no plans\n',
          );
        });
      }),
    );
}
