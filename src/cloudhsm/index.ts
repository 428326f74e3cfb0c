/** CloudHSM Classic: the shared model and the typed client. */
export * from './model';
export * from './client';
