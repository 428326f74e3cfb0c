/** Helpers for the poll integration tests: write counting, captured events, a settable clock. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher, HsmwatchEvent, MonitorEventDetail } from '../../../src/monitor/events';
import { assertValidEvents, loadMonitorSchemas } from '../../unit/monitor/poll/schema-validator';

const schemas = loadMonitorSchemas();

/** Counts DynamoDB writes by the partition they hit (poll runs kept apart from resource writes). */
export interface WriteCounter {
  resourceWrites: number;
  pollRunWrites: number;
  reset(): void;
}

/** Wraps a document client so every write is counted (Put/Update/Delete/BatchWrite items). */
export function countingDoc(doc: DynamoDBDocumentClient): {
  doc: DynamoDBDocumentClient;
  writes: WriteCounter;
} {
  const writes: WriteCounter = {
    resourceWrites: 0,
    pollRunWrites: 0,
    reset() {
      this.resourceWrites = 0;
      this.pollRunWrites = 0;
    },
  };
  const count = (pk: unknown) => {
    if (String(pk).startsWith('POLL#')) writes.pollRunWrites++;
    else writes.resourceWrites++;
  };
  const wrapped = {
    send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name;
      const input = command.input;
      if (name === 'PutCommand') count((input.Item as Record<string, unknown>).pk);
      if (name === 'UpdateCommand' || name === 'DeleteCommand')
        count((input.Key as Record<string, unknown>).pk);
      if (name === 'BatchWriteCommand') {
        for (const requests of Object.values(
          input.RequestItems as Record<string, { PutRequest?: { Item: { pk: string } } }[]>,
        )) {
          for (const r of requests) count(r.PutRequest?.Item.pk ?? 'DELETE');
        }
      }
      return (doc.send as (c: unknown) => Promise<unknown>)(command);
    },
  };
  return { doc: wrapped as unknown as DynamoDBDocumentClient, writes };
}

/** An EventPublisher that validates every event against its schema and records it (optionally failing on demand). */
export class CapturingPublisher implements EventPublisher {
  readonly events: HsmwatchEvent<MonitorEventDetail>[] = [];
  failNext = 0;

  async publish(events: readonly HsmwatchEvent<unknown>[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('publisher down');
    }
    assertValidEvents(schemas, events);
    this.events.push(...(events as HsmwatchEvent<MonitorEventDetail>[]));
  }

  /** Events other than the per-poll tick. */
  changes(): HsmwatchEvent<MonitorEventDetail>[] {
    return this.events.filter((e) => e.detailType !== 'Poll Completed');
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** A simulated clock the test advances by hand. */
export class TestClock {
  constructor(private t: number) {}
  now = (): Date => new Date(this.t);
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}
