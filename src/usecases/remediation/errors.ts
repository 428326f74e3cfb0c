/** Errors of the remediation use cases. Classify by `name`. */

/** Base class: an operator-facing remediation refusal or failure. */
export class RemediationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  override name = 'RemediationError';
  readonly retryable: boolean = false;
}
/** No plan with that id. */
export class PlanNotFoundError extends RemediationError {
  override name = 'PlanNotFoundError';
}
/** The plan is not waiting for approval (already run, skipped, expired...). */
export class PlanNotApprovableError extends RemediationError {
  override name = 'PlanNotApprovableError';
}
/** The plan's approval window has passed. */
export class PlanExpiredError extends RemediationError {
  override name = 'PlanExpiredError';
}
/** The fleet changed since the plan was made, or the guardrails now refuse it. */
export class PlanRefusedError extends RemediationError {
  override name = 'PlanRefusedError';
}
/** The group did not return to READY in time (or went DEGRADED again). */
export class VerifyFailedError extends RemediationError {
  override name = 'VerifyFailedError';
  override readonly retryable = true;
}
/** DescribeLunaClient does not show the new certificate's fingerprint. */
export class FingerprintMismatchError extends RemediationError {
  override name = 'FingerprintMismatchError';
  override readonly retryable = true;
}
/** A certificate source could not deliver a certificate. */
export class CertificateSourceError extends RemediationError {
  override name = 'CertificateSourceError';
}
/** Input from an operator (CLI) is invalid. */
export class RemediationInputError extends RemediationError {
  override name = 'RemediationInputError';
}
