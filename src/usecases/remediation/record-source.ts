/**
 * Adapts the poller's store read API to the RemediationRecordSource port, structurally, so
 * remediation does not depend on the adapter.
 */
import type { ResourceRecord, ResourceType, Target } from '../../monitor/records';
import type { RemediationRecordSource } from './ports';

/** What remediation reads from the poller's ResourceStore. */
export interface PollerRecordReader {
  currentRecords(target: Target): Promise<readonly ResourceRecord[]>;
  getResource(
    target: Target,
    type: ResourceType,
    arn: string,
  ): Promise<{ readonly lastReadyPartitionSerials?: readonly string[] } | undefined>;
}

/** A record source backed by the poller's store. */
export function recordSourceFromPollerStore(reader: PollerRecordReader): RemediationRecordSource {
  return {
    currentRecords: (target) => reader.currentRecords(target),
    async lastReadyPartitionSerials(target, hapgArn) {
      return (await reader.getResource(target, 'hapg', hapgArn))?.lastReadyPartitionSerials;
    },
  };
}
