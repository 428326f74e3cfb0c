/**
 * Field-level diff of two records of the same resource, and its mapping to detail-types. Each
 * changed field (other than Tags, which steer policy and are stored silently) is reported by
 * exactly one category event; fields no category claims go to the family's catch-all
 * (`HSM Changed`, `HAPG Changed`, `Luna Client Changed`).
 */
import { canonicalJson } from '../snapshot/canonical-hash';
import type { MonitorDetailType } from '../events';
import type { ResourceRecord, ResourceType } from '../records';

/** One event-worthy change of a resource between two records. */
export interface RecordChange {
  readonly detailType: MonitorDetailType;
  readonly changedFields: readonly string[];
}

/** Fields that change on every modification: reported inside other events, never alone. */
const PASSIVE_FIELDS = new Set(['LastModifiedTimestamp']);

interface Category {
  readonly detailType: MonitorDetailType;
  readonly fields: readonly string[];
  /** Extra gate on the change (e.g. only when HsmsLastActionFailed turned non-empty). */
  readonly when?: (previous: ResourceRecord, current: ResourceRecord) => boolean;
}

const CATEGORIES: Record<ResourceType, { categories: readonly Category[]; catchAll: MonitorDetailType }> = {
  hsm: {
    categories: [{ detailType: 'HSM Status Changed', fields: ['Status', 'StatusDetails'] }],
    catchAll: 'HSM Changed',
  },
  hapg: {
    categories: [
      {
        detailType: 'HAPG State Changed',
        fields: ['State', 'HsmsPendingRegistration', 'HsmsPendingDeletion'],
      },
      { detailType: 'HAPG Membership Changed', fields: ['PartitionSerialList'] },
      {
        detailType: 'HAPG Action Failed',
        fields: ['HsmsLastActionFailed'],
        when: (_p, c) => c.resourceType === 'hapg' && c.HsmsLastActionFailed.length > 0,
      },
    ],
    catchAll: 'HAPG Changed',
  },
  'luna-client': {
    categories: [
      { detailType: 'Luna Client Certificate Changed', fields: ['CertificateFingerprint', 'Certificate'] },
    ],
    catchAll: 'Luna Client Changed',
  },
};

/** Names of the top-level fields whose values differ (Tags included). */
export function changedFieldNames(previous: ResourceRecord, current: ResourceRecord): string[] {
  const a = previous as unknown as Record<string, unknown>;
  const b = current as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => canonicalJson(a[key]) !== canonicalJson(b[key])).sort();
}

/** The events a change from `previous` to `current` (same resource) deserves; empty when equal. */
export function diffRecords(previous: ResourceRecord, current: ResourceRecord): RecordChange[] {
  const changed = changedFieldNames(previous, current).filter((f) => f !== 'Tags');
  if (changed.length === 0) return [];
  const { categories, catchAll } = CATEGORIES[current.resourceType];
  const claimed = new Set<string>();
  const changes: RecordChange[] = [];
  // Fields of a gated category whose gate is closed (e.g. HsmsLastActionFailed cleared) are
  // passive: they ride along with the other events, and only alone make a catch-all event.
  const passive = new Set(PASSIVE_FIELDS);
  for (const category of categories) {
    const fields = changed.filter((f) => category.fields.includes(f));
    if (fields.length === 0) continue;
    if (category.when && !category.when(previous, current)) {
      fields.forEach((f) => passive.add(f));
      continue;
    }
    fields.forEach((f) => claimed.add(f));
    changes.push({ detailType: category.detailType, changedFields: fields });
  }
  const rest = changed.filter((f) => !claimed.has(f));
  const active = rest.filter((f) => !passive.has(f));
  if (active.length > 0 || (changes.length === 0 && rest.length > 0)) {
    changes.push({ detailType: catchAll, changedFields: rest });
  } else if (changes.length > 0 && rest.length > 0) {
    // Passive fields ride along with the first category event so they are still visible.
    const [first, ...others] = changes;
    changes.splice(
      0,
      changes.length,
      { ...first!, changedFields: [...first!.changedFields, ...rest] },
      ...others,
    );
  }
  return changes;
}

/** Discovered / Removed detail-type of a family. */
export function lifecycleDetailType(type: ResourceType, kind: 'discovered' | 'removed'): MonitorDetailType {
  const names: Record<ResourceType, [MonitorDetailType, MonitorDetailType]> = {
    hsm: ['HSM Discovered', 'HSM Removed'],
    hapg: ['HAPG Discovered', 'HAPG Removed'],
    'luna-client': ['Luna Client Discovered', 'Luna Client Removed'],
  };
  return names[type][kind === 'discovered' ? 0 : 1];
}
