/**
 * What an image card shows of the file an image was imported from. The stored name is its path in
 * the folder or ZIP (`cats/IMG_0012.jpg`); a card is narrow, so it shows the last part, the one a
 * person recognizes, and keeps the whole path for its tooltip.
 */

/** The caption for a stored file name: the name without its folders; null when the image came without one. */
export function fileNameCaption(sourceName: string | null | undefined): string | null {
  if (!sourceName) return null;
  return sourceName.slice(sourceName.lastIndexOf('/') + 1) || sourceName;
}
