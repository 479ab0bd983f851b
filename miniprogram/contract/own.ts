// Reading a key of an object that came from outside (a request, WeChat's answer,
// a newer function's result): own entries only, so that a key such as
// `constructor` or `__proto__` never finds Object.prototype's members.

export function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value at `key` when it is an own entry of `table`, else undefined. */
export function own<V>(table: object | null | undefined, key: PropertyKey | null | undefined): V | undefined {
  if (table === null || table === undefined || key === null || key === undefined || !hasOwn(table, key)) return undefined;
  return (table as Record<PropertyKey, V>)[key];
}
