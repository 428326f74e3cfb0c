/**
 * @peculiar/x509 uses tsyringe, which refuses to load without the Reflect metadata API
 * (normally the `reflect-metadata` package, which is not installed). It only needs a
 * small, in-memory metadata store, so we provide one when no polyfill is present.
 * Import this module before @peculiar/x509.
 */
type Key = unknown;
const store = new WeakMap<object, Map<string | symbol | undefined, Map<Key, unknown>>>();

function table(
  target: object,
  prop: string | symbol | undefined,
  create: boolean,
): Map<Key, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    store.set(target, byProp);
  }
  let t = byProp.get(prop);
  if (!t && create) {
    t = new Map();
    byProp.set(prop, t);
  }
  return t;
}

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R['getMetadata'] !== 'function') {
  const getOwn = (key: Key, target: object, prop?: string | symbol): unknown =>
    table(target, prop, false)?.get(key);
  const get = (key: Key, target: object, prop?: string | symbol): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const v = table(t, prop, false);
      if (v?.has(key)) return v.get(key);
    }
    return undefined;
  };
  const define = (key: Key, value: unknown, target: object, prop?: string | symbol): void => {
    table(target, prop, true)?.set(key, value);
  };
  Object.assign(R, {
    getOwnMetadata: getOwn,
    getMetadata: get,
    hasOwnMetadata: (key: Key, target: object, prop?: string | symbol) =>
      table(target, prop, false)?.has(key) ?? false,
    hasMetadata: (key: Key, target: object, prop?: string | symbol) => get(key, target, prop) !== undefined,
    defineMetadata: define,
    metadata: (key: Key, value: unknown) => (target: object, prop?: string | symbol) =>
      define(key, value, target, prop),
  });
}

export {};
