/** Notify use cases: event → incidents → notifications, plus listing incidents. */
export * from './apply';
export * from './deliver';
export * from './envelope';
export * from './errors';
export * from './handle-event';
export * from './list-incidents';
export * from './incident-event-notifier';
export * from './send-digest';
export * from './sweep-reminders';
