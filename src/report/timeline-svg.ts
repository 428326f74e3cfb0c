/**
 * The state-change timeline as an inline SVG: one lane per resource that changed, coloured
 * segments for each status/state it held, a marker at every change. Pure string building, no
 * script and no network asset, so the report stays one self-contained file.
 */
import { escapeHtml } from './html';
import { shortArn, type TimelinePoint } from './report-model';

/** Colours per state word; anything else is grey. */
export const STATE_COLOURS: Readonly<Record<string, string>> = {
  RUNNING: '#2e9d5b',
  READY: '#2e9d5b',
  PRESENT: '#2e9d5b',
  PENDING: '#8fa8c8',
  UPDATING: '#4f7fcf',
  DEGRADED: '#e0a106',
  SUSPENDED: '#d9722a',
  TERMINATING: '#b55a8f',
  TERMINATED: '#c0392b',
  REMOVED: '#7f8c8d',
};

const LANE = 26;
const LABEL_W = 170;
const WIDTH = 960;
const AXIS_H = 28;

/** Renders the timeline; `end` closes the last segment of each lane. */
export function renderTimelineSvg(points: readonly TimelinePoint[], end: string): string {
  const lanes = new Map<string, TimelinePoint[]>();
  for (const p of [...points].sort((a, b) => a.observedAt.localeCompare(b.observedAt))) {
    lanes.set(p.arn, [...(lanes.get(p.arn) ?? []), p]);
  }
  if (lanes.size === 0) {
    return '<p class="empty" id="timeline-empty">No state changes recorded yet.</p>';
  }
  const times = points.map((p) => Date.parse(p.observedAt));
  const t0 = Math.min(...times);
  const t1 = Math.max(Date.parse(end), Math.max(...times) + 1000);
  const plotW = WIDTH - LABEL_W - 10;
  const x = (t: number) => LABEL_W + ((t - t0) / (t1 - t0)) * plotW;
  const height = AXIS_H + lanes.size * LANE + 10;
  const parts: string[] = [];
  parts.push(
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="Timeline of state changes">`,
  );
  // Axis: five ticks with UTC times.
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    const tx = x(t);
    const label = new Date(t).toISOString().replace('T', ' ').slice(5, 19);
    parts.push(
      `<line x1="${tx.toFixed(1)}" y1="${AXIS_H - 6}" x2="${tx.toFixed(1)}" y2="${height - 6}" class="grid"/>`,
      `<text x="${tx.toFixed(1)}" y="${AXIS_H - 10}" class="tick" text-anchor="${i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}">${label}Z</text>`,
    );
  }
  let row = 0;
  for (const [arn, lane] of lanes) {
    const y = AXIS_H + row * LANE;
    parts.push(
      `<g class="lane" data-arn="${escapeHtml(arn)}">`,
      `<text x="4" y="${y + LANE / 2 + 4}" class="lane-label">${escapeHtml(lane[0]!.resourceType)} ${escapeHtml(shortArn(arn))}</text>`,
    );
    lane.forEach((p, i) => {
      const start = Date.parse(p.observedAt);
      const stop = i + 1 < lane.length ? Date.parse(lane[i + 1]!.observedAt) : t1;
      const state = p.state ?? 'REMOVED';
      const colour = STATE_COLOURS[state] ?? '#95a5a6';
      const w = Math.max(2, x(stop) - x(start));
      const title = `${shortArn(arn)}: ${state} from ${p.observedAt}${p.changedFields.length ? ` (${p.changedFields.join(', ')})` : ''}`;
      parts.push(
        `<rect class="segment" data-state="${escapeHtml(state)}" x="${x(start).toFixed(1)}" y="${y + 5}" width="${w.toFixed(1)}" height="${LANE - 10}" rx="3" fill="${colour}"><title>${escapeHtml(title)}</title></rect>`,
      );
      if (i > 0) {
        parts.push(`<circle class="change" cx="${x(start).toFixed(1)}" cy="${y + LANE / 2}" r="3.5"/>`);
      }
    });
    parts.push('</g>');
    row++;
  }
  parts.push('</svg>');
  return parts.join('');
}
