/** In-memory IncidentStore, NotificationLedger and SilenceStore with the DynamoDB semantics (tests). */
import type {
  ClaimOutcome,
  IncidentStore,
  NotificationLedger,
  SaveOutcome,
  SilenceStore,
  StoredIncident,
  TargetMemory,
} from '../../../../src/monitor/incidents/ports';
import type {
  IncidentState,
  IncidentStatus,
  Notification,
  Silence,
} from '../../../../src/monitor/incidents/types';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class MemoryIncidentStore implements IncidentStore {
  readonly items = new Map<string, StoredIncident>();
  private readonly memories = new Map<string, { memory: TargetMemory; version: number }>();

  async listActive(accountId: string, region: string): Promise<StoredIncident[]> {
    return [...this.items.values()]
      .filter((i) => i.state.key.startsWith(`${accountId}#${region}#`))
      .filter((i) => i.state.status === 'pending' || i.state.status === 'open' || i.outbox.length > 0)
      .map(clone);
  }
  async get(key: string): Promise<StoredIncident | undefined> {
    const i = this.items.get(key);
    return i && clone(i);
  }
  async save(
    state: IncidentState,
    outbox: readonly Notification[],
    expectedVersion: number,
  ): Promise<SaveOutcome> {
    if ((this.items.get(state.key)?.version ?? 0) !== expectedVersion) return 'conflict';
    this.items.set(state.key, clone({ state, outbox: [...outbox], version: expectedVersion + 1 }));
    return 'ok';
  }
  async removeFromOutbox(key: string, notificationId: string): Promise<void> {
    const i = this.items.get(key);
    if (i) this.items.set(key, { ...i, outbox: i.outbox.filter((n) => n.id !== notificationId) });
  }
  async list(options: { statuses?: readonly IncidentStatus[] } = {}): Promise<IncidentState[]> {
    return [...this.items.values()]
      .map((i) => clone(i.state))
      .filter((s) => !options.statuses || options.statuses.includes(s.status));
  }
  async getMemory(accountId: string, region: string) {
    return clone(
      this.memories.get(`${accountId}#${region}`) ?? { memory: { seenTerminating: {} }, version: 0 },
    );
  }
  async saveMemory(
    accountId: string,
    region: string,
    memory: TargetMemory,
    expectedVersion: number,
  ): Promise<SaveOutcome> {
    const k = `${accountId}#${region}`;
    if ((this.memories.get(k)?.version ?? 0) !== expectedVersion) return 'conflict';
    this.memories.set(k, clone({ memory, version: expectedVersion + 1 }));
    return 'ok';
  }
}

export class MemoryLedger implements NotificationLedger {
  readonly rows = new Map<string, { status: 'claimed' | 'sent'; claimedUntil: string; sentTo: string[] }>();
  async claim(id: string, now: string, leaseUntil: string): Promise<ClaimOutcome> {
    const row = this.rows.get(id);
    if (!row) {
      this.rows.set(id, { status: 'claimed', claimedUntil: leaseUntil, sentTo: [] });
      return { outcome: 'claimed', sentTo: [] };
    }
    if (row.status === 'sent') return { outcome: 'sent' };
    if (row.claimedUntil > now) return { outcome: 'busy', claimedUntil: row.claimedUntil };
    row.claimedUntil = leaseUntil;
    return { outcome: 'claimed', sentTo: [...row.sentTo] };
  }
  async markSinkSent(id: string, sink: string): Promise<void> {
    this.rows.get(id)!.sentTo.push(sink);
  }
  async release(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row && row.status === 'claimed') row.claimedUntil = '1970-01-01T00:00:00.000Z';
  }
  async markSent(id: string): Promise<void> {
    this.rows.get(id)!.status = 'sent';
  }
}

export class MemorySilences implements SilenceStore {
  readonly silences: Silence[] = [];
  async list(): Promise<Silence[]> {
    return [...this.silences];
  }
  async put(s: Silence): Promise<void> {
    this.silences.push(s);
  }
  async remove(id: string): Promise<boolean> {
    const i = this.silences.findIndex((s) => s.id === id);
    if (i < 0) return false;
    this.silences.splice(i, 1);
    return true;
  }
}
