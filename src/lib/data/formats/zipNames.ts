/**
 * Entry names in ZIP archives: which are safe to unpack, which to skip, and how names written
 * without their UTF-8 flag are read. The reader and the writer share these rules, so that every
 * archive lossloop writes reads back unchanged.
 */

// Files that operating systems drop into folders without asking; they are never images.
const SYSTEM_JUNK = new Set(['thumbs.db', 'desktop.ini']);

export type PathVerdict = { kind: 'file'; path: string } | { kind: 'skip' } | { kind: 'unsafe'; reason: string };

/**
 * Decides what to do with an entry name: a file path with forward slashes, something to
 * skip (folders, hidden and system files), or a name that could escape the import folder.
 */
export function classifyPath(name: string): PathVerdict {
  if (name === '') return { kind: 'unsafe', reason: 'it has no name' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { kind: 'unsafe', reason: 'it contains control characters' };
  // Windows tools may write backslashes as separators; turning them into slashes first
  // means "..\x" and "\x" are caught by the same checks as "../x" and "/x".
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { kind: 'unsafe', reason: 'it is an absolute path' };
  if (/^[A-Za-z]:/.test(slashed)) return { kind: 'unsafe', reason: 'it starts with a drive letter' };
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  // Windows drops trailing dots and spaces from names, so ".. " or "..." can act as "..".
  if (segments.some((s) => /^\.\.[. ]*$/.test(s))) {
    return { kind: 'unsafe', reason: 'it uses ".." to point outside the archive' };
  }
  if (slashed.endsWith('/') || segments.length === 0) return { kind: 'skip' };
  const hidden = segments.some((s) => s === '__MACOSX' || s.startsWith('.'));
  if (hidden || SYSTEM_JUNK.has(segments[segments.length - 1].toLowerCase())) return { kind: 'skip' };
  return { kind: 'file', path: segments.join('/') };
}

/**
 * fflate reads names as Latin-1 unless the archive sets its UTF-8 flag, but many zip tools
 * write UTF-8 without the flag. A Latin-1 reading that is valid UTF-8 almost surely was UTF-8.
 */
export function decodeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return name;
  }
}

/** A name as it can be shown in a message: control characters would garble it. */
export function shown(name: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd')}"`;
}
