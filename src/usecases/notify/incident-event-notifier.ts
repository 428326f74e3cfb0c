/** A Notifier that publishes incident transitions as events on the hsmwatch bus. */
import type { EventPublisher } from '../../monitor/events';
import { incidentEvent } from '../../monitor/incidents/incident-events';
import type { Notifier } from '../../monitor/incidents/ports';
import type { Notification } from '../../monitor/incidents/types';

/** Publishes `Incident Opened/Reminder/Resolved` through the EventPublisher port. */
export class IncidentEventNotifier implements Notifier {
  readonly name = 'events';
  constructor(private readonly publisher: EventPublisher) {}

  async send(n: Notification): Promise<void> {
    await this.publisher.publish([incidentEvent(n)]);
  }
}
