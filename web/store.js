// The page's one shared state: what several modules read (language, who is signed in, the configuration, the zones…),
// instead of module-level variables. `set` tells the key's subscribers when the value changes (not when it is the same
// value again); state that one module alone uses stays inside that module.

const values = new Map();
const listeners = new Map();

export function get(key) {
  return values.get(key);
}

export function set(key, value) {
  if (values.has(key) && Object.is(values.get(key), value)) return;
  values.set(key, value);
  for (const listener of [...(listeners.get(key) ?? [])]) listener(value);
}

/** Calls `listener(value)` after each change of `key`; returns the function that unsubscribes it. */
export function subscribe(key, listener) {
  if (!listeners.has(key)) listeners.set(key, new Set());
  listeners.get(key).add(listener);
  return () => listeners.get(key).delete(listener);
}
