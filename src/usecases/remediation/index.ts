/** Remediation use cases: what functions/ and the CLI call. */
export * from './ports';
export * from './errors';
export { executePlan, type ExecutionResult, type RunState, type StepRunner } from './execute-plan';
export { remediateHapg, buildHapgPlan } from './hapg-repair';
export { rotateCertificate, buildRotationPlan } from './cert-rotation';
export { approvePlan, expireStalePlans } from './approve-plan';
export {
  disableRemediation,
  enableRemediation,
  unblockResource,
  remediationStatus,
  remediationHistory,
} from './control';
export {
  handleRemediationEvent,
  requestRemediation,
  rotateExpiringCertificates,
  type ManualRequestOptions,
  type TriggerScope,
} from './handle-event';
export { recordSourceFromPollerStore, type PollerRecordReader } from './record-source';
export type { RemediationOutcome } from './record-plan';
