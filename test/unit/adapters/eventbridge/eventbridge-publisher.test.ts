import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import {
  EventBridgePublisher,
  PublishError,
  batchEntries,
  entrySize,
} from '../../../../src/adapters/eventbridge/eventbridge-publisher';
import type { HsmwatchEvent } from '../../../../src/monitor/events';

// aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
const ebMock = mockClient(EventBridgeClient as unknown as Parameters<typeof mockClient>[0]);
const PutEvents = PutEventsCommand as unknown as Parameters<(typeof ebMock)['on']>[0];
type Input = PutEventsCommandInput;

function event(i: number, padding = 0): HsmwatchEvent<unknown> {
  return {
    source: 'hsmwatch',
    detailType: 'HSM Status Changed',
    time: '2026-11-28T12:00:00.000Z',
    resources: [`arn:hsm-${i}`],
    detail: { eventId: `e${i}`, pad: 'x'.repeat(padding) },
  };
}

function publisher(sleeps: number[] = []) {
  return new EventBridgePublisher({
    client: new EventBridgeClient({ region: 'us-east-1' }),
    eventBusName: 'hsmwatch-bus',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

const sentIds = () =>
  ebMock
    .commandCalls(PutEvents)
    .map((c) => ((c.args[0].input as Input).Entries ?? []).map((e) => JSON.parse(e.Detail!).eventId));

describe('EventBridgePublisher', () => {
  beforeEach(() => ebMock.reset());

  describe('publish', () => {
    it('sends batches of at most 10 entries to the named bus with source hsmwatch', async () => {
      ebMock.on(PutEvents).callsFake((input: Input) => ({
        FailedEntryCount: 0,
        Entries: input.Entries!.map(() => ({ EventId: 'x' })),
      }));
      await publisher().publish(Array.from({ length: 23 }, (_, i) => event(i)));
      const calls = ebMock.commandCalls(PutEvents);
      expect(calls.map((c) => (c.args[0].input as Input).Entries!.length)).toEqual([10, 10, 3]);
      const first = (calls[0]!.args[0].input as Input).Entries![0]!;
      expect(first).toMatchObject({
        Source: 'hsmwatch',
        EventBusName: 'hsmwatch-bus',
        DetailType: 'HSM Status Changed',
        Resources: ['arn:hsm-0'],
      });
    });

    it('retries only the entries that failed, with backoff', async () => {
      let call = 0;
      ebMock.on(PutEvents).callsFake((input: Input) => {
        call++;
        if (call === 1) {
          return {
            FailedEntryCount: 2,
            Entries: input.Entries!.map((_: unknown, i: number) =>
              i === 1 || i === 3
                ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }
                : { EventId: `ok${i}` },
            ),
          };
        }
        return { FailedEntryCount: 0, Entries: input.Entries!.map(() => ({ EventId: 'x' })) };
      });
      const sleeps: number[] = [];
      await publisher(sleeps).publish([0, 1, 2, 3, 4].map((i) => event(i)));
      expect(sentIds()).toEqual([
        ['e0', 'e1', 'e2', 'e3', 'e4'],
        ['e1', 'e3'],
      ]);
      expect(sleeps).toEqual([50]);
    });

    it('gives up with PublishError naming the failures after maxAttempts', async () => {
      ebMock.on(PutEvents).resolves({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'no' }],
      } as never);
      const error = await publisher()
        .publish([event(0)])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PublishError);
      expect((error as PublishError).failed).toEqual([
        { detailType: 'HSM Status Changed', errorCode: 'InternalFailure', errorMessage: 'no' },
      ]);
      expect(ebMock.commandCalls(PutEvents)).toHaveLength(5);
    });
  });

  describe('batchEntries', () => {
    it('keeps each batch under 256 KB', () => {
      const p = publisher();
      const entries = Array.from({ length: 6 }, (_, i) => p.toEntry(event(i, 100 * 1024)));
      const batches = batchEntries(entries);
      expect(batches.map((b) => b.length)).toEqual([2, 2, 2]);
      for (const b of batches)
        expect(b.reduce((n, e) => n + entrySize(e), 0)).toBeLessThanOrEqual(256 * 1024);
    });
  });
});
