/**
 * Yes-or-no checks of a value's shape, for data a client only accepts or drops: the frames a
 * server sends (`server-schemas.ts`). They say nothing about what is wrong, which is all valibot
 * adds there, and they keep valibot (about 2.5 KB gzip) out of what the widget's script tag
 * loads before its first paint. Everything a server or a form must explain stays on valibot.
 *
 * @example fields({ type: oneOf(['presence']), staffOnline: boolean })({ type: 'presence', staffOnline: true }) // true
 */

/** True when a value has the shape. */
export type Shape = (value: unknown) => boolean;

export const anything: Shape = () => true;
export const string: Shape = (value) => typeof value === 'string';
export const boolean: Shape = (value) => typeof value === 'boolean';
export const number: Shape = (value) => typeof value === 'number';
/** A string that is not empty, like every id. */
export const nonEmptyString: Shape = (value) => typeof value === 'string' && value !== '';
/** A whole number from 0 up, like every event sequence number and count. */
export const count: Shape = (value) => Number.isSafeInteger(value) && (value as number) >= 0;

/** One of the given values. */
export const oneOf =
  (options: readonly unknown[]): Shape =>
  (value) =>
    options.includes(value);

export const optional =
  (shape: Shape): Shape =>
  (value) =>
    value === undefined || shape(value);

export const nullable =
  (shape: Shape): Shape =>
  (value) =>
    value === null || shape(value);

export const arrayOf =
  (shape: Shape): Shape =>
  (value) =>
    Array.isArray(value) && value.every(shape);

/** An object whose named fields have their shapes; other fields may be there too. */
export const fields =
  (shapes: Readonly<Record<string, Shape>>): Shape =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(shapes).every(([name, shape]) => shape((value as Record<string, unknown>)[name]));

/** An object whose `key` field names its kind (an own entry of `kinds`), with that kind's shape. */
export const variant =
  (key: string, kinds: Readonly<Record<string, Shape>>): Shape =>
  (value) => {
    const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    return typeof kind === 'string' && Object.hasOwn(kinds, kind) && (kinds[kind] as Shape)(value);
  };
