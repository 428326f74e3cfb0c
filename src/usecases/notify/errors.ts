/** Errors of the notify boundary. Classify by `name`; all are retryable by EventBridge. */

/** Base of alerting errors. */
export class AlertingError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'AlertingError';
    this.retryable = options.retryable;
  }
}

/** One or more sinks failed: the handler throws it so EventBridge retries, then the DLQ gets it. */
export class DeliveryError extends AlertingError {
  readonly failures: readonly {
    readonly notificationId: string;
    readonly sink: string;
    readonly error: string;
  }[];
  constructor(failures: DeliveryError['failures'], cause?: unknown) {
    super(
      `${failures.length} notification delivery(ies) failed: ${failures.map((f) => `${f.sink}:${f.notificationId}`).join(', ')}`,
      {
        retryable: true,
        cause,
      },
    );
    this.name = 'DeliveryError';
    this.failures = failures;
  }
}

/** Another invocation holds a live claim on a notification; retry later rather than send twice. */
export class NotificationInProgressError extends AlertingError {
  constructor(
    readonly notificationId: string,
    readonly claimedUntil: string,
  ) {
    super(`notification ${notificationId} is being delivered by another invocation until ${claimedUntil}`, {
      retryable: true,
    });
    this.name = 'NotificationInProgressError';
  }
}

/** Optimistic locking kept losing (heavy contention on one incident). */
export class IncidentConflictError extends AlertingError {
  constructor(readonly key: string) {
    super(`incident ${key} kept changing underneath us; giving up for this delivery`, { retryable: true });
    this.name = 'IncidentConflictError';
  }
}
