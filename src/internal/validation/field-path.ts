/** The path of a field inside a value, as validation errors name it: `to[0]`, `body.phoneNumbers[1].name`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}
