/** A short text for any value, for messages; never throws (not for BigInt, symbols, revoked proxies or null prototypes). */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return value.toString();
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 200 ? `${json.slice(0, 200)}…` : json;
    return String(value);
  } catch {
    // Circular structures and hostile getters end here; the type is still worth saying.
    return `unprintable ${typeof value}`;
  }
}
