/** Remediation planning (pure): plans, pre-checks, policy, triggers, events, permissions. */
export * from './types';
export * from './plan-id';
export * from './policy';
export * from './hapg-repair-plan';
export * from './certificate-checks';
export * from './cert-rotation-plan';
export * from './triggers';
export * from './remediation-events';
export * from './permissions';
