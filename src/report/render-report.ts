/**
 * Renders the fleet report: one self-contained HTML file (inline CSS and SVG, no script, no
 * network asset) with the fleet overview, HAPG membership per AZ, client certificates, the
 * state-change timeline, open incidents and remediation history.
 */
import type { HapgRecord, HsmRecord, LunaClientRecord } from '../monitor/records';
import { badge, escapeHtml, table } from './html';
import { countBy, daysToExpiry, membershipByAz, shortArn, type ReportInput } from './report-model';
import { renderTimelineSvg, STATE_COLOURS } from './timeline-svg';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
header{background:#1d2733;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#b8c4d0}
main{padding:8px 28px 40px;max-width:1200px}
section{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:14px 18px;margin:16px 0}
h2{font-size:17px;margin:0 0 10px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{flex:1 1 150px;background:#f0f4f8;border-radius:6px;padding:10px 14px}
.card .n{font-size:26px;font-weight:600}
.card .l{color:#5b6b7c}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6ebf0;vertical-align:top}
th{background:#f0f4f8;font-weight:600}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;background:#95a5a6}
${Object.entries(STATE_COLOURS)
  .map(([s, c]) => `.state-${s.toLowerCase()}{background:${c}}`)
  .join('\n')}
.state-ok,.state-succeeded{background:#2e9d5b}.state-expiring,.state-skipped,.state-awaiting-approval{background:#e0a106}
.state-expired,.state-failed,.state-missing{background:#c0392b}.state-dry-run,.state-planned{background:#4f7fcf}
.sev-critical{background:#c0392b}.sev-warning{background:#e0a106}.sev-info{background:#4f7fcf}
.member{display:inline-block;margin:1px 4px 1px 0;padding:1px 6px;border-radius:4px;background:#eef2f6;font-family:ui-monospace,monospace;font-size:12px}
.member.bad{background:#fde2de}
.empty{color:#5b6b7c;font-style:italic}
svg .grid{stroke:#e6ebf0}svg .tick{font-size:11px;fill:#5b6b7c}svg .lane-label{font-size:12px;fill:#1d2733;font-family:ui-monospace,monospace}
svg .change{fill:#1d2733}
.mono{font-family:ui-monospace,monospace;font-size:12px}
`;

/** Renders the whole report page. */
export function renderReport(input: ReportInput): string {
  const title = input.title ?? 'hsmwatch fleet report';
  const hsms = input.records.filter((r): r is HsmRecord => r.resourceType === 'hsm');
  const hapgs = input.records.filter((r): r is HapgRecord => r.resourceType === 'hapg');
  const clients = input.records.filter((r): r is LunaClientRecord => r.resourceType === 'luna-client');
  const now = new Date(input.generatedAt);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>Generated ${escapeHtml(input.generatedAt)} from ${escapeHtml(input.source)}</p></header>
<main>
${overview(hsms, hapgs, clients, input)}
${membership(hapgs, hsms)}
${clientsSection(clients, now)}
<section id="timeline-section"><h2>Timeline of state changes</h2>${renderTimelineSvg(input.timeline, input.generatedAt)}</section>
${incidents(input)}
${remediations(input)}
</main></body></html>
`;
}

function overview(
  hsms: HsmRecord[],
  hapgs: HapgRecord[],
  clients: LunaClientRecord[],
  input: ReportInput,
): string {
  const open = input.incidents.filter((i) => i.status === 'open');
  const card = (id: string, n: number, label: string) =>
    `<div class="card" id="${id}"><div class="n">${n}</div><div class="l">${escapeHtml(label)}</div></div>`;
  const azs = [...new Set(hsms.map((h) => h.AvailabilityZone ?? '(unknown)'))].sort();
  const statuses = countBy(hsms, (h) => h.Status).map(([s]) => s);
  const rows = statuses.map((s) => [
    badge(s),
    ...azs.map((az) =>
      String(hsms.filter((h) => h.Status === s && (h.AvailabilityZone ?? '(unknown)') === az).length),
    ),
    String(hsms.filter((h) => h.Status === s).length),
  ]);
  return `<section id="overview"><h2>Fleet overview</h2>
<div class="cards">${card('count-hsms', hsms.length, 'HSMs')}${card('count-hapgs', hapgs.length, 'HA partition groups')}${card('count-clients', clients.length, 'Luna clients')}${card('count-incidents', open.length, 'open incidents')}</div>
<h3>HSMs by status and Availability Zone</h3>
${hsms.length ? table('hsm-status-table', ['Status', ...azs, 'Total'], rows) : '<p class="empty">No HSMs.</p>'}
<h3>HAPGs by state</h3>
<p id="hapg-states">${
    countBy(hapgs, (h) => h.State)
      .map(([s, n]) => `${badge(s)} ${n}`)
      .join(' &nbsp; ') || '<span class="empty">No HAPGs.</span>'
  }</p>
</section>`;
}

function membership(hapgs: HapgRecord[], hsms: HsmRecord[]): string {
  if (!hapgs.length)
    return '<section id="membership"><h2>HAPG membership per AZ</h2><p class="empty">No HAPGs.</p></section>';
  const azs = [...new Set([...hsms.map((h) => h.AvailabilityZone ?? '(unknown)')])].sort();
  const placed = hapgs.map((g) => membershipByAz(g, hsms));
  if (placed.some((m) => m.has('(unknown)')) && !azs.includes('(unknown)')) azs.push('(unknown)');
  const rows = hapgs.map((g, i) => [
    `<span class="mono">${escapeHtml(g.Label ?? shortArn(g.HapgArn))}</span><br><span class="mono">${escapeHtml(shortArn(g.HapgArn))}</span>`,
    badge(g.State),
    ...azs.map(
      (az) =>
        (placed[i]!.get(az) ?? [])
          .map((m) => {
            const status = m.hsm?.Status ?? 'MISSING';
            const bad = status !== 'RUNNING' || m.lastActionFailed;
            const flags = [
              m.pendingRegistration && 'pending+',
              m.pendingDeletion && 'pending-',
              m.lastActionFailed && 'failed',
            ]
              .filter(Boolean)
              .join(' ');
            const label = m.hsm ? shortArn(m.hsm.HsmArn) : `partition ${m.serial}`;
            return `<span class="member${bad ? ' bad' : ''}" title="partition ${escapeHtml(m.serial)}: ${escapeHtml(status)}">${escapeHtml(label)} ${escapeHtml(status)}${flags ? ` (${escapeHtml(flags)})` : ''}</span>`;
          })
          .join('') || '<span class="empty">–</span>',
    ),
  ]);
  // HSMs no group uses (e.g. one a repair dropped): capacity to re-add, or to delete.
  const used = new Set(placed.flatMap((m) => [...m.values()].flat().map((p) => p.hsm?.HsmArn)));
  const spare = hsms.filter((h) => !used.has(h.HsmArn));
  const spareLine = spare.length
    ? `<p id="unassigned-hsms">Not in any HAPG: ${spare.map((h) => `<span class="member">${escapeHtml(shortArn(h.HsmArn))} ${escapeHtml(h.Status)}</span>`).join('')}</p>`
    : '';
  return `<section id="membership"><h2>HAPG membership per AZ</h2>${table('membership-table', ['HAPG', 'State', ...azs], rows)}${spareLine}</section>`;
}

function clientsSection(clients: LunaClientRecord[], now: Date): string {
  if (!clients.length)
    return '<section id="clients"><h2>Luna clients</h2><p class="empty">No clients.</p></section>';
  const rows = [...clients]
    .sort((a, b) => (a.Certificate?.notAfter ?? '').localeCompare(b.Certificate?.notAfter ?? ''))
    .map((c) => {
      const days = daysToExpiry(c, now);
      const state = days === undefined ? 'UNKNOWN' : days < 0 ? 'EXPIRED' : days <= 30 ? 'EXPIRING' : 'OK';
      return [
        `<span class="mono">${escapeHtml(c.Label ?? shortArn(c.ClientArn))}</span>`,
        `<span class="mono">${escapeHtml(c.CertificateFingerprint ?? '')}</span>`,
        escapeHtml(c.Certificate?.notAfter ?? 'unparsed'),
        days === undefined ? '' : String(days),
        badge(state),
      ];
    });
  return `<section id="clients"><h2>Luna clients and certificate expiry</h2>${table('clients-table', ['Client', 'Fingerprint (MD5)', 'Not after', 'Days left', 'Certificate'], rows)}</section>`;
}

function incidents(input: ReportInput): string {
  const open = input.incidents.filter((i) => i.status === 'open' || i.status === 'pending');
  if (!open.length)
    return '<section id="incidents"><h2>Open incidents</h2><p class="empty" id="no-incidents">No open incidents.</p></section>';
  const rows = open.map((i) => [
    `<span class="badge sev-${escapeHtml(i.severity)}">${escapeHtml(i.severity)}</span>`,
    escapeHtml(i.status),
    escapeHtml(i.problem),
    `<span class="mono">${escapeHtml(shortArn(i.resourceArn))}</span>`,
    escapeHtml(i.summary),
    escapeHtml(i.since),
    i.affected
      .map((a) => `<span class="member">${escapeHtml(shortArn(a.arn))} ${escapeHtml(a.status)}</span>`)
      .join(''),
  ]);
  return `<section id="incidents"><h2>Open incidents</h2>${table('incidents-table', ['Severity', 'Status', 'Problem', 'Resource', 'Summary', 'Since', 'Affected'], rows)}</section>`;
}

function remediations(input: ReportInput): string {
  if (!input.remediations.length) {
    return '<section id="remediations"><h2>Remediation history</h2><p class="empty" id="no-remediations">No remediations yet.</p></section>';
  }
  const rows = [...input.remediations]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((r) => [
      escapeHtml(r.at),
      escapeHtml(r.kind),
      `<span class="mono">${escapeHtml(shortArn(r.resourceArn))}</span>`,
      badge(r.status.toUpperCase()),
      `<span class="mono">${escapeHtml(r.planId)}</span>`,
      escapeHtml(r.detail),
    ]);
  return `<section id="remediations"><h2>Remediation history</h2>${table('remediations-table', ['At', 'Kind', 'Resource', 'Outcome', 'Plan', 'Detail'], rows)}</section>`;
}
