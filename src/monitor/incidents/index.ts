/** Public surface of the incident engine (pure). */
export * from './types';
export * from './policy';
export * from './keys';
export * from './silences';
export * from './transition';
export * from './hapg-conditions';
export * from './evaluate';
export * from './event-observations';
export * from './ports';
export * from './format';
export * from './incident-events';
export * from './digest';
