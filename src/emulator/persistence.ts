import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Store, StoreSnapshot } from './state/store';

/**
 * Saves the store to a JSON file after changes, coalescing bursts (debounce), always as
 * write-temp-then-rename so a kill at any moment leaves either the old or the new file.
 */
export class StatePersistence {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly store: Store,
    private readonly debounceMs: number,
  ) {}

  /** Loads the file if it exists; throws (naming the file) when it is not a valid state file. */
  load(): StoreSnapshot | undefined {
    this.removeStaleTemporaries();
    if (!existsSync(this.file)) return undefined;
    let snap: StoreSnapshot;
    try {
      snap = JSON.parse(readFileSync(this.file, 'utf8')) as StoreSnapshot;
    } catch (err) {
      throw new Error(`state file ${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    this.store.restore(snap);
    return snap;
  }

  /** Temporary files left by a process killed mid-write (`F.<pid>.tmp`) are never the state: drop them. */
  private removeStaleTemporaries(): void {
    const dir = dirname(this.file);
    const prefix = `${basename(this.file)}.`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) {
        try {
          unlinkSync(join(dir, name));
        } catch {
          // another process may have renamed it already; nothing to clean
        }
      }
    }
  }

  /** Notes a change; the write happens after the debounce window. */
  markDirty(): void {
    this.dirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.debounceMs);
      this.timer.unref();
    }
  }

  /** Writes now if anything changed since the last write. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.store.snapshot()));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
