import type { Clock } from './clock';
import type { ResolvedOptions } from './options';
import type { Store } from './state/store';

/** What every action and admin handler works with. */
export interface EmulatorContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly options: ResolvedOptions;
}
