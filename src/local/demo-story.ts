/**
 * The scripted story `npm start` plays against the emulator: steady state, an HSM degrades and
 * takes its HAPG with it, an incident opens, remediation (auto) repairs the group, the incident
 * resolves, the HSM comes back, and a client certificate nears expiry and is rotated. Each step
 * only changes the emulator (as AWS would change) and polls; everything else is the real
 * handlers reacting to events.
 */
import chalk from 'chalk';
import { CloudHsmClient } from '../cloudhsm/client';
import { DEFAULT_CREDENTIALS, makeCertificate } from '../emulator/index';
import type { LocalRuntime, PollOutcome } from './runtime';
import { formatEvent, shortArn } from './event-format';

/** Counts the story ends with (the last JSON line). */
export interface DemoCounts {
  polls: number;
  events: number;
  incidentsOpened: number;
  incidentsResolved: number;
  remediations: number;
  rotations: number;
}

/** What went wrong, if the story did not go as scripted. */
export interface DemoResult {
  readonly counts: DemoCounts;
  readonly problems: string[];
}

/** Output sink (stdout in `npm start`). */
export type Write = (line: string) => void;

/** One progress line for a poll. */
export function pollLine(n: number, o: PollOutcome, ms: number): string {
  const c = (o.completed?.['counts'] ?? {}) as Record<string, Record<string, number>>;
  const fam = (name: string, counts: Record<string, number> | undefined) =>
    `${name} ${Object.entries(counts ?? {})
      .map(([s, k]) =>
        `${k} ${s === 'RUNNING' || s === 'READY' ? chalk.green(s) : s === 'total' ? '' : chalk.yellow(s)}`.trim(),
      )
      .join(' ')}`;
  const targets = new Map<string, number>();
  for (const e of o.events) for (const t of e.targets) targets.set(t, (targets.get(t) ?? 0) + 1);
  const routed = [...targets.entries()].map(([t, k]) => `${t}×${k}`).join(' ');
  const status = o.failed ? chalk.red('✘ failed') : chalk.green('✔');
  return `  ${chalk.bold(`poll ${String(n).padStart(2)}`)} ${status} ${fam('HSM', c['hsm'])} │ ${fam('HAPG', c['hapg'])} │ ${fam('clients', c['luna-client'])} │ ${o.completed?.['apiCalls'] ?? 0} API calls │ ${o.events.length} events${routed ? ` → ${routed}` : ''} │ ${ms} ms`;
}

/** Plays the story on a runtime started with the emulator and remediation mode `auto`. */
export async function playDemoStory(rt: LocalRuntime, write: Write, counts: DemoCounts): Promise<DemoResult> {
  const admin = rt.admin;
  if (!admin) throw new Error('the demo story needs the embedded emulator');
  const problems: string[] = [];
  const poll = async () => {
    const t0 = Date.now();
    const o = await rt.pollOnce();
    counts.polls++;
    write(pollLine(counts.polls, o, Date.now() - t0));
    if (o.failed)
      problems.push(`poll ${counts.polls} failed: ${String(o.completed?.['error'] ?? 'see events')}`);
    return o;
  };
  const step = (n: number, text: string) => write(`\n${chalk.bold.blue(`[${n}/5]`)} ${chalk.bold(text)}`);
  const state = await admin.state();
  const region = state.regions.find(
    (r) => r.accountId === rt.target.accountId && r.region === rt.target.region,
  );
  const hapg = region?.hapgs[0] as
    { HapgArn: string; Label?: string; PartitionSerialList: string[] } | undefined;
  const hsms = (region?.hsms ?? []) as Array<{
    HsmArn: string;
    AvailabilityZone: string;
    Partitions?: string[];
  }>;
  const victim = hsms.find((h) =>
    (h.Partitions ?? []).some((p) => hapg?.PartitionSerialList.some((s) => p.endsWith(`-${s}`))),
  );
  const client = (region?.clients[0] ?? undefined) as { ClientArn: string; Label: string } | undefined;
  if (!hapg || !victim || !client)
    throw new Error('the emulator fleet has no HAPG member or client to play with');

  step(1, 'Steady state: the poller discovers the fleet, then sees nothing change');
  await poll();
  await poll();

  step(
    2,
    `An HSM degrades: ${shortArn(victim.HsmArn)} in ${victim.AvailabilityZone}, a member of HAPG ${hapg.Label ?? shortArn(hapg.HapgArn)}`,
  );
  await admin.setHsmStatus(victim.HsmArn, 'DEGRADED', 'demo: hardware fault');
  await poll();
  if (!rt.bus.published.some((e) => e.envelope['detail-type'] === 'Remediation Succeeded')) {
    problems.push('no remediation succeeded after the HAPG degraded');
  }

  step(3, 'The repaired HAPG is READY again: the next poll resolves the incident');
  await poll();
  const after = await admin.state();
  const g = after.regions.flatMap((r) => r.hapgs).find((x) => x['HapgArn'] === hapg.HapgArn);
  if (g?.['State'] !== 'READY')
    problems.push(`HAPG ${shortArn(hapg.HapgArn)} is ${String(g?.['State'])}, not READY`);

  step(4, `AWS replaces the faulty hardware: ${shortArn(victim.HsmArn)} is RUNNING again`);
  await admin.setHsmStatus(victim.HsmArn, 'RUNNING');
  await poll();

  step(5, `A client certificate nears expiry: ${client.Label} gets one valid for 10 more days`);
  const now = new Date(await admin.now());
  const api = new CloudHsmClient({
    region: rt.target.region,
    endpoint: rt.target.endpoint!,
    credentials: DEFAULT_CREDENTIALS,
  });
  try {
    await api.modifyLunaClient({
      ClientArn: client.ClientArn,
      Certificate: makeCertificate({
        commonName: client.Label,
        serialNumber: Date.now().toString(16),
        notBefore: new Date(now.getTime() - 355 * 86_400_000),
        notAfter: new Date(now.getTime() + 10 * 86_400_000),
      }),
    });
  } finally {
    api.destroy();
  }
  await poll();
  await poll();
  if (!rt.bus.published.some((e) => e.envelope['detail-type'] === 'Luna Client Certificate Rotated')) {
    problems.push(`the certificate of ${client.Label} was not rotated`);
  }
  for (const d of rt.bus.deadLetters)
    problems.push(`${d.functionName} failed on ${d.envelope['detail-type']}: ${d.error}`);
  return { counts, problems };
}

/** Prints each published event under the poll that caused it (subscribe before playing). */
export function echoEvents(rt: LocalRuntime, write: Write, filter: (type: string) => boolean): () => void {
  return rt.bus.subscribe((e) => {
    if (filter(e.envelope['detail-type'])) write(`    ${formatEvent(e, { time: false })}`);
  });
}
