/** The largest document accepted by default: 25 MB. */
export const STANDARD_DOKUMENT_MAKS_BYTES = 25 * 1024 * 1024;

/** SAKSGANG_DOKUMENT_MAKS_BYTES: the largest document in bytes (a positive integer), default 25 MB. */
export function dokumentMaksBytes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const v = env['SAKSGANG_DOKUMENT_MAKS_BYTES'];
  if (v === undefined || v === '') return STANDARD_DOKUMENT_MAKS_BYTES;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`SAKSGANG_DOKUMENT_MAKS_BYTES must be a positive whole number of bytes, got '${v}'.`);
  return n;
}

/** The document variables, for the configuration table (CONFIG_VARIABLES). */
export const DOKUMENT_CONFIG_VARIABLES: readonly { name: string; default: string; description: string }[] = [
  { name: 'SAKSGANG_DOKUMENT_MAKS_BYTES', default: String(STANDARD_DOKUMENT_MAKS_BYTES), description: 'Largest document upload in bytes (25 MB); a larger file is refused with 413 while it streams, nothing recorded.' },
];
