/**
 * Block Kit layout of a notification: a header with severity and resource, fields for
 * status/state, account, region and since, the affected members, and a runbook link.
 */
import {
  formatDuration,
  problemTitle,
  resourceName,
  runbookUrl,
  subjectLine,
  type FormatOptions,
} from '../../monitor/incidents/format';
import { digestTitle, type Digest } from '../../monitor/incidents/digest';
import type { Notification } from '../../monitor/incidents/types';

/** The JSON body posted to the webhook. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const ICON = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
} as const;
const KIND = { opened: 'Opened', reminder: 'Still open', resolved: 'Resolved' } as const;
const MAX_MEMBERS = 20;

/** Builds the Slack message for a notification. */
export function slackMessage(n: Notification, options: FormatOptions): SlackMessage {
  const icon = n.kind === 'resolved' ? ':white_check_mark:' : ICON[n.severity];
  const header = `${n.severity.toUpperCase()} · ${KIND[n.kind]} · ${problemTitle(n.problem)} · ${resourceName(n.resourceArn)}`;
  const fields = [
    `*Status*\n${n.state}`,
    `*Account*\n${n.accountId}`,
    `*Region*\n${n.region}`,
    `*Since*\n<!date^${Math.floor(Date.parse(n.since) / 1000)}^{date_short_pretty} {time}|${n.since}>`,
  ];
  if (n.kind === 'resolved' && n.durationSeconds !== undefined)
    fields.push(`*Duration*\n${formatDuration(n.durationSeconds)}`);
  if (n.kind === 'reminder')
    fields.push(`*Open for*\n${formatDuration((Date.parse(n.at) - Date.parse(n.since)) / 1000)}`);
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${n.kind === 'resolved' ? '✅' : '🚨'} ${header}`, 150),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`${icon} ${n.kind === 'resolved' ? 'Resolved: ' : ''}${n.summary}`, 3000),
      },
    },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (n.affected.length > 0) {
    const lines = n.affected
      .slice(0, MAX_MEMBERS)
      .map((m) => `• \`${resourceName(m.arn)}\` ${m.status}${m.inhibited ? ' _(expected/silenced)_' : ''}`);
    if (n.affected.length > MAX_MEMBERS) lines.push(`…and ${n.affected.length - MAX_MEMBERS} more`);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Affected members*\n${lines.join('\n')}`, 3000) },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `<${runbookUrl(n.problem, options)}|Runbook: ${problemTitle(n.problem)}>` },
      { type: 'mrkdwn', text: `\`${n.resourceArn}\` · incident #${n.seq}` },
    ],
  });
  return { text: subjectLine(n, 150), blocks };
}

/** Builds the Slack message of a daily digest. */
export function slackDigestMessage(d: Digest, options: FormatOptions): SlackMessage {
  const lines = d.items
    .slice(0, 40)
    .map(
      (i) =>
        `• ${ICON[i.severity]} <${runbookUrl(i.problem, options)}|${problemTitle(i.problem)}> ${i.summary} _(since ${i.since.slice(0, 16)}Z)_`,
    );
  if (d.items.length > 40) lines.push(`…and ${d.items.length - 40} more (\`hsmwatch incidents\`)`);
  return {
    text: digestTitle(d),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(`📋 ${digestTitle(d)}`, 150), emoji: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `as of ${d.at}` }] },
    ],
  };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
