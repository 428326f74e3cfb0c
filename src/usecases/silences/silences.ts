/**
 * Silence management (`hsmwatch silence add|list|remove`). Input is validated with zod; a bad
 * field is named in the error and nothing is written.
 */
import { z } from 'zod';
import { isSilenceActive } from '../../monitor/incidents/silences';
import type { SilenceStore } from '../../monitor/incidents/ports';
import type { Silence, SilenceMatcher } from '../../monitor/incidents/types';

/** Clock and id source, injected. */
export interface SilenceDeps {
  readonly silences: SilenceStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const iso = z.iso.datetime({ offset: true });

/** What `silence add` accepts: exactly one matcher, and an end (endsAt or duration). */
export const AddSilenceInput = z
  .object({
    arn: z.string().min(1).optional(),
    resourceType: z.enum(['hsm', 'hapg', 'luna-client', 'target']).optional(),
    tag: z
      .string()
      .regex(/^[^=]+=.*$/, 'tag must look like key=value')
      .optional(),
    startsAt: iso.optional(),
    endsAt: iso.optional(),
    duration: z.string().regex(DURATION, 'duration must look like 90m, 2h or 1d').optional(),
    createdBy: z.string().min(1, 'createdBy is required'),
    reason: z.string().min(1, 'reason is required').max(500),
  })
  .strict()
  .superRefine((v, ctx) => {
    const matchers = [v.arn, v.resourceType, v.tag].filter((m) => m !== undefined).length;
    if (matchers !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['arn'],
        message: 'give exactly one of arn, resourceType or tag',
      });
    }
    if ((v.endsAt === undefined) === (v.duration === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give exactly one of endsAt or duration' });
    }
  });
export type AddSilenceInput = z.input<typeof AddSilenceInput>;

/** Thrown for bad input; `field` names the offending field. */
export class SilenceValidationError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SilenceValidationError';
  }
}

/** Validates and stores a new silence. */
export async function addSilence(deps: SilenceDeps, input: unknown): Promise<Silence> {
  const parsed = AddSilenceInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'input';
    throw new SilenceValidationError(`${field}: ${issue.message}`, field);
  }
  const v = parsed.data;
  const now = deps.now();
  const startsAt = v.startsAt ? new Date(v.startsAt) : now;
  const endsAt = v.endsAt ? new Date(v.endsAt) : new Date(startsAt.getTime() + durationMs(v.duration!));
  if (endsAt.getTime() <= startsAt.getTime())
    throw new SilenceValidationError('endsAt: must be after startsAt', 'endsAt');
  const silence: Silence = {
    id: deps.newId(),
    matcher: matcherOf(v),
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    createdBy: v.createdBy,
    reason: v.reason,
    createdAt: now.toISOString(),
  };
  await deps.silences.put(silence);
  return silence;
}

/** Silences, active and future ones by default; `all` adds expired ones still kept. */
export async function listSilences(deps: SilenceDeps, options: { all?: boolean } = {}): Promise<Silence[]> {
  const now = deps.now().toISOString();
  const all = await deps.silences.list();
  return all
    .filter((s) => options.all || isSilenceActive(s, now) || s.startsAt > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

/** Removes a silence; false when there was none with that id. */
export async function removeSilence(deps: SilenceDeps, id: string): Promise<boolean> {
  if (!id) throw new SilenceValidationError('id: is required', 'id');
  return deps.silences.remove(id);
}

/** One line describing a matcher, e.g. `tag env=dev`. */
export function describeMatcher(m: SilenceMatcher): string {
  return m.kind === 'tag' ? `tag ${m.key}=${m.value}` : `${m.kind} ${m.value}`;
}

function matcherOf(v: z.output<typeof AddSilenceInput>): SilenceMatcher {
  if (v.arn) return { kind: 'arn', value: v.arn };
  if (v.resourceType) return { kind: 'resourceType', value: v.resourceType };
  const tag = v.tag!;
  const i = tag.indexOf('=');
  return { kind: 'tag', key: tag.slice(0, i), value: tag.slice(i + 1) };
}

function durationMs(d: string): number {
  const m = DURATION.exec(d)!;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
