/** Hands a file to the browser's download (it never leaves the machine: it is written to disk). */
export function saveFile(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click starts the download; revoking later leaves it time to read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
