/**
 * Remediation plans and their audit trail (item shapes in remediation-store.ts): a plan is
 * created once per id and moves between statuses by conditional updates.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PlanStatus } from '../../monitor/remediation/types';
import type { AuditEntry, RemediationStore, StoredPlan } from '../../usecases/remediation/ports';
import { GSI1 } from './table';
import { RETENTION_DAYS, RemediationTable, compact, ttl, type Item } from './remediation-table';

/** The plan and audit half of the RemediationStore port. */
export class DynamoPlanStore
  extends RemediationTable
  implements
    Pick<
      RemediationStore,
      'createPlan' | 'getPlan' | 'transitionPlan' | 'listPlans' | 'appendAudit' | 'auditTrail'
    >
{
  /** Conditional put on the plan id: the first writer wins, duplicates see false. */
  async createPlan(stored: StoredPlan): Promise<boolean> {
    return this.conditional('createPlan', () =>
      this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: compact({
            pk: `PLAN#${stored.plan.planId}`,
            sk: 'PLAN',
            gsi1pk: 'PLANS',
            gsi1sk: `${stored.plan.createdAt}#${stored.plan.planId}`,
            itemType: 'remediation-plan',
            planId: stored.plan.planId,
            resourceArn: stored.plan.resourceArn,
            kind: stored.plan.kind,
            plan: JSON.stringify(stored.plan),
            status: stored.status,
            updatedAt: stored.updatedAt,
            approvalExpiresAt: stored.approvalExpiresAt,
            statusReason: stored.statusReason,
            expiresAt: ttl(stored.plan.createdAt, RETENTION_DAYS),
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getPlan(planId: string): Promise<StoredPlan | undefined> {
    const out = await this.call('getPlan', () =>
      this.opts.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `PLAN#${planId}`, sk: 'PLAN' },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? toPlan(out.Item) : undefined;
  }

  async transitionPlan(
    planId: string,
    from: readonly PlanStatus[],
    to: PlanStatus,
    at: string,
    extra: { reason?: string; approvedBy?: string } = {},
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status', '#u': 'updatedAt' };
    const values: Record<string, unknown> = { ':to': to, ':at': at };
    const sets = ['#s = :to', '#u = :at'];
    if (extra.reason !== undefined) {
      names['#r'] = 'statusReason';
      values[':r'] = extra.reason;
      sets.push('#r = :r');
    }
    if (extra.approvedBy !== undefined) {
      names['#a'] = 'approvedBy';
      values[':a'] = extra.approvedBy;
      sets.push('#a = :a');
    }
    from.forEach((f, i) => (values[`:f${i}`] = f));
    return this.conditional('transitionPlan', () =>
      this.opts.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `PLAN#${planId}`, sk: 'PLAN' },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async listPlans(options: { limit?: number; status?: PlanStatus } = {}): Promise<StoredPlan[]> {
    const items = await this.query({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'PLANS' },
      ScanIndexForward: false,
    });
    const plans = items.map(toPlan).filter((p) => !options.status || p.status === options.status);
    return options.limit ? plans.slice(0, options.limit) : plans;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.call('appendAudit', () =>
      this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: compact({
            pk: `AUDIT#${entry.arn}`,
            sk: `${entry.at}#${entry.planId}#${String(entry.seq).padStart(4, '0')}`,
            itemType: 'remediation-audit',
            ...entry,
            expiresAt: ttl(entry.at, RETENTION_DAYS),
          }),
        }),
      ),
    );
  }

  async auditTrail(arn: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `AUDIT#${arn}` },
    });
    const entries = items.map((i) => {
      const { pk: _pk, sk: _sk, itemType: _t, expiresAt: _e, ...rest } = i;
      return rest as unknown as AuditEntry;
    });
    return options.limit ? entries.slice(-options.limit) : entries;
  }
}

function toPlan(i: Item): StoredPlan {
  return {
    plan: JSON.parse(i['plan'] as string),
    status: i['status'] as PlanStatus,
    updatedAt: i['updatedAt'] as string,
    ...(typeof i['approvalExpiresAt'] === 'string' ? { approvalExpiresAt: i['approvalExpiresAt'] } : {}),
    ...(typeof i['statusReason'] === 'string' ? { statusReason: i['statusReason'] } : {}),
    ...(typeof i['approvedBy'] === 'string' ? { approvedBy: i['approvedBy'] } : {}),
  };
}
