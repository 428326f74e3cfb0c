/** The CloudHSM Classic model: shapes, operations, errors and validation. */
export * from './shapes';
export * from './operations';
export * from './types';
export * from './validate';
