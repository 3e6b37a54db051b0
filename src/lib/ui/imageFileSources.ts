import type { ImageFile } from '../data/transfer/importImageProject';
import { readZipEntries } from '../data/formats/zip';

/** The three ways images arrive: a folder picker, a ZIP, a drag-and-drop of folders or files. */

export function filesFromInput(list: FileList | null): ImageFile[] {
  return [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, data: file }));
}

export async function filesFromZip(zip: Blob): Promise<ImageFile[]> {
  const archive = new Uint8Array(await zip.arrayBuffer());
  return [...readZipEntries(archive)].map((entry) => ({ path: entry.path, data: new Blob([entry.bytes as BlobPart]) }));
}

/** Dropped items: folders are walked; a single dropped ZIP is opened. */
export async function filesFromDrop(transfer: DataTransfer): Promise<ImageFile[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const files = (await Promise.all(entries.map((entry) => walk(entry, '')))).flat();
  if (files.length === 1 && /\.zip$/i.test(files[0].path)) return filesFromZip(files[0].data);
  return files;
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<ImageFile[]> {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, data: file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns the directory in batches until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map((child) => walk(child, `${path}/`)))).flat();
}
