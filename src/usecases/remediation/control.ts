/**
 * Operator controls: the kill switch (`hsmwatch remediation disable|enable`), unblocking a
 * resource (`unblock <arn>`) and a status summary.
 */
import { parseCloudHsmArn } from '../../monitor/remediation/plan-id';
import { RemediationInputError } from './errors';
import type { AuditEntry, Block, KillSwitch, RemediationDeps, StoredPlan } from './ports';

/** Sets the kill switch: every mutating step checks it first. */
export async function disableRemediation(
  deps: RemediationDeps,
  by: string,
  reason = '',
): Promise<KillSwitch> {
  const value: KillSwitch = {
    enabled: false,
    changedBy: by,
    changedAt: deps.clock.now().toISOString(),
    ...(reason ? { reason } : {}),
  };
  await deps.store.setKillSwitch(value);
  return value;
}

/** Clears the kill switch. */
export async function enableRemediation(deps: RemediationDeps, by: string): Promise<KillSwitch> {
  const value: KillSwitch = { enabled: true, changedBy: by, changedAt: deps.clock.now().toISOString() };
  await deps.store.setKillSwitch(value);
  return value;
}

/** Clears a block left by repeated failures. Returns the block that was removed, if any. */
export async function unblockResource(
  deps: RemediationDeps,
  arn: string,
  by: string,
): Promise<Block | undefined> {
  if (!parseCloudHsmArn(arn))
    throw new RemediationInputError(`arn: ${JSON.stringify(arn)} is not a CloudHSM ARN`);
  const block = await deps.store.getBlock(arn);
  const removed = await deps.store.clearBlock(arn);
  if (removed && block) {
    await deps.store.appendAudit({
      arn,
      planId: block.planId,
      at: deps.clock.now().toISOString(),
      seq: 9000,
      action: 'Unblock',
      outcome: 'info',
      detail: `block cleared by ${by}`,
      actor: by,
    });
  }
  return removed ? block : undefined;
}

/** Kill switch, blocks and recent plans, for the CLI. */
export async function remediationStatus(
  deps: RemediationDeps,
  options: { limit?: number } = {},
): Promise<{ killSwitch: KillSwitch; blocks: Block[]; plans: StoredPlan[] }> {
  const [killSwitch, blocks, plans] = await Promise.all([
    deps.store.getKillSwitch(),
    deps.store.listBlocks(),
    deps.store.listPlans({ limit: options.limit ?? 20 }),
  ]);
  return { killSwitch, blocks, plans };
}

/** One resource's remediation history for the CLI and the report: its plans and audit trail. */
export async function remediationHistory(
  deps: RemediationDeps,
  arn: string,
  options: { limit?: number } = {},
): Promise<{ plans: StoredPlan[]; audit: AuditEntry[] }> {
  if (!parseCloudHsmArn(arn))
    throw new RemediationInputError(`arn: ${JSON.stringify(arn)} is not a CloudHSM ARN`);
  const [plans, audit] = await Promise.all([
    deps.store.listPlans(),
    deps.store.auditTrail(arn, options.limit ? { limit: options.limit } : {}),
  ]);
  return { plans: plans.filter((p) => p.plan.resourceArn === arn), audit };
}
