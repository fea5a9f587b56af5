/**
 * Query strings as the API reads them: a list under a bracket filter
 * (`to[all]`, `status[in]`) is one comma-separated value; any other list is
 * the key repeated, as v1 reads `participants`. Values are percent-encoded
 * (a `+` in a phone number becomes `%2B`); brackets in keys stay as they are.
 */
export function serializeQuery(query: Readonly<Record<string, unknown>>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const key = encodeKey(name);
    if (Array.isArray(value)) {
      if (name.includes('[')) pairs.push(`${key}=${value.map(encodeValue).join(',')}`);
      else for (const item of value) pairs.push(`${key}=${encodeValue(item)}`);
    } else {
      pairs.push(`${key}=${encodeValue(value)}`);
    }
  }
  return pairs.join('&');
}

function encodeKey(name: string): string {
  return encodeURIComponent(name).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

function encodeValue(value: unknown): string {
  return encodeURIComponent(value instanceof Date ? value.toISOString() : String(value));
}
