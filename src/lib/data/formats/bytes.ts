/** One array holding the given byte arrays one after another. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Little-endian (ZIP, GIF, BMP, WebP) and big-endian (PNG, JPEG) unsigned integers read from bytes. */
export const readU16 = (bytes: Uint8Array, at: number): number => bytes[at] | (bytes[at + 1] << 8);
export const readU32 = (bytes: Uint8Array, at: number): number => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
export const readU16BigEndian = (bytes: Uint8Array, at: number): number => (bytes[at] << 8) | bytes[at + 1];
export const readU32BigEndian = (bytes: Uint8Array, at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
