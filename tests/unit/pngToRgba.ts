import { unzlibSync } from 'fflate';

/**
 * Decodes a PNG as data/formats/png.ts writes it (8 bits, no interlacing, filter 0 on every row;
 * greyscale, RGB or RGBA) to RGBA at its own size: what a browser's decoder gives the app, exactly,
 * for such a file. Tests only: Node has no image decoder.
 */
export function pngToRgba(png: Uint8Array): { rgba: Uint8Array; width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat: Uint8Array[] = [];
  let width = 0, height = 0, channels = 0;
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[data[9]];
      if (data[8] !== 8 || !channels || data[12] !== 0) throw new Error('only 8-bit, non-interlaced greyscale, RGB or RGBA');
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = unzlibSync(new Uint8Array(idat.flatMap((chunk) => Array.from(chunk))));
  const rgba = new Uint8Array(width * height * 4);
  const rowBytes = 1 + width * channels;
  for (let y = 0; y < height; y++) {
    if (raw[y * rowBytes] !== 0) throw new Error('only filter type 0');
    for (let x = 0; x < width; x++) {
      const source = raw.subarray(y * rowBytes + 1 + x * channels, y * rowBytes + 1 + (x + 1) * channels);
      const pixel = channels === 1 ? [source[0], source[0], source[0], 255] : channels === 3 ? [...source, 255] : source;
      rgba.set(pixel, (y * width + x) * 4);
    }
  }
  return { rgba, width, height };
}
