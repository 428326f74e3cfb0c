/** Silence matching (Alertmanager-style, but with matchers fitted to CloudHSM resources). */
import type { IncidentResourceType, Silence } from './types';

/** What a silence is matched against. */
export interface SilenceSubject {
  readonly arn: string;
  readonly resourceType: IncidentResourceType;
  readonly tags: Readonly<Record<string, string>>;
}

/** True while `at` lies in [startsAt, endsAt). */
export function isSilenceActive(silence: Silence, at: string): boolean {
  const t = Date.parse(at);
  return Date.parse(silence.startsAt) <= t && t < Date.parse(silence.endsAt);
}

/** True when the silence's matcher selects the subject (ignores time). */
export function silenceMatches(silence: Silence, subject: SilenceSubject): boolean {
  const m = silence.matcher;
  switch (m.kind) {
    case 'arn':
      return m.value === subject.arn;
    case 'resourceType':
      return m.value === subject.resourceType;
    case 'tag':
      return subject.tags[m.key] === m.value;
  }
}

/** The id of the first silence active at `at` that matches the subject, or null. */
export function activeSilenceFor(
  silences: readonly Silence[],
  subject: SilenceSubject,
  at: string,
): string | null {
  const hit = silences.find((s) => isSilenceActive(s, at) && silenceMatches(s, subject));
  return hit ? `silence:${hit.id}` : null;
}
