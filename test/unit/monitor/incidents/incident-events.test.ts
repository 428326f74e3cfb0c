import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { incidentEvent } from '../../../../src/monitor/incidents/incident-events';
import { INCIDENT_DETAIL_TYPES } from '../../../../src/monitor/events';
import { IncidentEventNotifier } from '../../../../src/usecases/notify/incident-event-notifier';
import { sampleNotification } from '../../adapters/slack/notification-fixture';

function schemas(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const dir = join(process.cwd(), 'schemas', 'incidents');
  const out = new Map<string, ValidateFunction>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { 'x-detail-type': string };
    out.set(s['x-detail-type'], ajv.compile(s));
  }
  return out;
}

describe('incidentEvent', () => {
  const validators = schemas();

  it('has one schema per incident detail-type', () => {
    expect([...validators.keys()].sort()).toEqual([...INCIDENT_DETAIL_TYPES].sort());
  });

  it.each([
    ['opened', 'Incident Opened', {}],
    ['reminder', 'Incident Reminder', {}],
    ['resolved', 'Incident Resolved', { durationSeconds: 5400 }],
  ] as const)('builds a schema-valid %s event', (kind, detailType, extra) => {
    const e = incidentEvent(sampleNotification({ kind, ...extra }));
    expect(e.detailType).toBe(detailType);
    const validate = validators.get(detailType)!;
    expect(validate(JSON.parse(JSON.stringify(e.detail)))).toBe(true);
  });

  it('rejects a resolved event without its duration, and a mismatched kind', () => {
    const e = incidentEvent(sampleNotification({ kind: 'resolved' }));
    expect(validators.get('Incident Resolved')!(JSON.parse(JSON.stringify(e.detail)))).toBe(false);
    const opened = incidentEvent(sampleNotification());
    expect(validators.get('Incident Reminder')!(JSON.parse(JSON.stringify(opened.detail)))).toBe(false);
  });

  it('keeps a stable event id per transition', () => {
    expect(incidentEvent(sampleNotification()).detail.eventId).toBe(
      incidentEvent(sampleNotification()).detail.eventId,
    );
    expect(incidentEvent(sampleNotification()).detail.eventId).not.toBe(
      incidentEvent(sampleNotification({ id: 'other#2', seq: 2 })).detail.eventId,
    );
  });
});

describe('IncidentEventNotifier', () => {
  it('publishes the event through the port', async () => {
    const published: unknown[] = [];
    await new IncidentEventNotifier({ publish: async (e) => void published.push(...e) }).send(
      sampleNotification(),
    );
    expect(published).toEqual([incidentEvent(sampleNotification())]);
  });
});
