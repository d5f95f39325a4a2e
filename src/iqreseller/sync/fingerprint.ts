// What two records are compared by: their JSON. A record too deep to serialise
// has none, and is never taken for the same as another.
export function fingerprint(record: unknown): string | undefined {
  try {
    return JSON.stringify(record);
  } catch {
    return undefined;
  }
}
