/** Silence management use cases (wired into `hsmwatch silence add|list|remove`). */
export * from './silences';
