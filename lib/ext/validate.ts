/**
 * Runtime checks for data that crosses an extension boundary (messages, stored records).
 *
 * A message that reaches the background may come from a stale content script of an older
 * version, or be garbled: it is checked against a schema before anything reads it, and a
 * mismatch becomes an error value naming the path ("payload.blocks[3].start: expected an
 * integer"), never an exception. A schema is a function `(value, path) => error | null`
 * that carries the type it checks, so `Infer<typeof schema>` and the declared message types
 * cannot drift apart: the protocol's tables are typed against the message maps.
 */

/** Checks `value`; returns a description of the first problem, or null when it conforms. */
export interface Schema<T> {
  (value: unknown, path: string): string | null;
  /** Phantom: the type this schema accepts. Never set at run time. */
  readonly __type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

/** A string of at most `maxLength` UTF-16 units (default 5 million: a very long page). */
export function string(maxLength = 5_000_000): Schema<string> {
  return (value, path) => {
    if (typeof value !== 'string') return `${path}: expected a string, got ${describe(value)}`;
    if (value.length > maxLength) return `${path}: longer than ${maxLength} characters`;
    return null;
  };
}

/** A finite number, optionally an integer within [min, max]. */
export function number(
  options: { integer?: boolean; min?: number; max?: number } = {},
): Schema<number> {
  const { integer = false, min = -Infinity, max = Infinity } = options;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return `${path}: expected a finite number, got ${describe(value)}`;
    }
    if (integer && !Number.isInteger(value)) return `${path}: expected an integer`;
    if (value < min || value > max) return `${path}: out of range [${min}, ${max}]`;
    return null;
  };
}

/** An integer offset or count: 0 or more. */
export const index: Schema<number> = number({ integer: true, min: 0 });

export const boolean: Schema<boolean> = (value, path) =>
  typeof value === 'boolean' ? null : `${path}: expected a boolean, got ${describe(value)}`;

/** One of the listed string literals. */
export function literal<const L extends readonly string[]>(...allowed: L): Schema<L[number]> {
  return (value, path) =>
    typeof value === 'string' && allowed.includes(value)
      ? null
      : `${path}: expected one of ${allowed.join(', ')}`;
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return (value, path) => (value === null ? null : inner(value, path));
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return (value, path) => (value === undefined ? null : inner(value, path));
}

/** An array of at most `maxItems` elements, each checked by `item`. */
export function array<T>(item: Schema<T>, maxItems = 100_000): Schema<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return `${path}: expected an array, got ${describe(value)}`;
    if (value.length > maxItems) return `${path}: more than ${maxItems} items`;
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

type Shape = Record<string, Schema<unknown>>;
type ObjectOf<S extends Shape> = {
  [K in keyof S as undefined extends Infer<S[K]> ? never : K]: Infer<S[K]>;
} & {
  [K in keyof S as undefined extends Infer<S[K]> ? K : never]?: Infer<S[K]>;
};

/**
 * A plain object with the given fields. Unknown fields are tolerated (a newer sender may
 * add some) but never read: handlers only see the declared ones through their types.
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return `${path}: expected an object, got ${describe(value)}`;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(shape)) {
      const problem = shape[key]!(record[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** Narrows `value` when it conforms; the type guard form of a schema. */
export function conforms<T>(schema: Schema<T>, value: unknown): value is T {
  return schema(value, '$') === null;
}
