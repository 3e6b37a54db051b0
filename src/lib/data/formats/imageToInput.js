// @ts-check
/**
 * How lossloop turns an image into its network's input, in one dependency-free module: the app
 * imports it (data/formats/decodeImage.ts, after decoding a file to RGBA at its own size), and the
 * model export ships this very file as `preprocess.js`, so code elsewhere prepares images exactly
 * as lossloop does, to the byte.
 *
 * Plain JavaScript on purpose: the ZIP carries this text as it is, runnable in any browser or
 * Node without a build step. Every step is integer arithmetic and one rounding, so the result does
 * not depend on the browser, the GPU or a canvas's smoothing.
 *
 *   1. Stretch (no crop) to the input size by area averaging: each input pixel is the mean of the
 *      part of the image it covers, each source pixel weighted by the area it shares with it.
 *   2. Transparency is composited over black, then each channel is rounded to a whole byte.
 *   3. Greyscale inputs take 0.299 R + 0.587 G + 0.114 B of those bytes, rounded to a byte.
 *   4. The network's input is (pixel / 255 - mean) / std.
 */

/**
 * For each output position along one axis, the first source position it covers and the integer
 * weight of each source position. Source pixel i spans [i * out, (i + 1) * out) and output pixel j
 * spans [j * source, (j + 1) * source) on a grid `source * out` long, so every overlap is a whole
 * number and each output's weights add up to `source`.
 * @param {number} source
 * @param {number} out
 * @returns {{ first: number, weights: number[] }[]}
 */
function areaWeights(source, out) {
  const spans = [];
  for (let j = 0; j < out; j++) {
    const start = j * source;
    const end = start + source;
    const first = Math.floor(start / out);
    const weights = [];
    for (let i = first; i * out < end; i++) {
      weights.push(Math.min(end, (i + 1) * out) - Math.max(start, i * out));
    }
    spans.push({ first, weights });
  }
  return spans;
}

/**
 * An image's RGBA pixels (row by row from the top, not premultiplied, any size) as the project
 * stores its images: `inputShape` = [height, width, channels] with 1 (greyscale) or 3 (RGB)
 * channels, one byte per value.
 * @param {Uint8Array | Uint8ClampedArray} rgba
 * @param {number} width
 * @param {number} height
 * @param {readonly [number, number, number] | number[]} inputShape
 * @returns {Uint8Array}
 */
export function imageToPixels(rgba, width, height, inputShape) {
  const [outHeight, outWidth, channels] = inputShape;
  for (const [name, value] of [['width', width], ['height', height], ['input height', outHeight], ['input width', outWidth]]) {
    if (!Number.isInteger(value) || Number(value) < 1) throw new RangeError(`The ${name} must be a whole number of pixels, got ${value}.`);
  }
  if (channels !== 1 && channels !== 3) throw new RangeError(`The input has 1 or 3 channels, got ${channels}.`);
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`A ${width}x${height} RGBA image has ${width * height * 4} values, got ${rgba.length}.`);
  }

  const columns = areaWeights(width, outWidth);
  const rows = areaWeights(height, outHeight);
  // Across first: each source row becomes outWidth weighted sums of colour times alpha (whole numbers).
  const across = new Float64Array(height * outWidth * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { first, weights } = columns[x];
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < weights.length; k++) {
        const p = (y * width + first + k) * 4;
        const w = weights[k] * rgba[p + 3];
        r += w * rgba[p];
        g += w * rgba[p + 1];
        b += w * rgba[p + 2];
      }
      const at = (y * outWidth + x) * 3;
      across[at] = r;
      across[at + 1] = g;
      across[at + 2] = b;
    }
  }
  // Then down, and one division by the covered area times 255 (the alpha scale).
  const scale = width * height * 255;
  const out = new Uint8Array(outHeight * outWidth * channels);
  for (let y = 0; y < outHeight; y++) {
    const { first, weights } = rows[y];
    for (let x = 0; x < outWidth; x++) {
      const rgb = [0, 0, 0];
      for (let k = 0; k < weights.length; k++) {
        const at = ((first + k) * outWidth + x) * 3;
        for (let c = 0; c < 3; c++) rgb[c] += weights[k] * across[at + c];
      }
      const [r, g, b] = rgb.map((sum) => Math.round(sum / scale));
      const p = y * outWidth + x;
      if (channels === 1) out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      else out.set([r, g, b], p * 3);
    }
  }
  return out;
}

/**
 * Stored pixels as the network's input: (pixel / 255 - mean) / std, float32, in the same layout.
 * Written as lossloop's training batches write it (ml/batch.ts), so the values agree to the bit.
 * @param {Uint8Array} pixels
 * @param {{ mean: number, std: number }} normalization
 * @returns {Float32Array}
 */
export function pixelsToInput(pixels, { mean, std }) {
  const scale = 1 / (255 * std);
  const offset = mean / std;
  return Float32Array.from(pixels, (value) => value * scale - offset);
}

/**
 * An image's RGBA pixels straight to the network's input, with the model's metadata.json
 * (`inputShape`, `normalization`): what a [1, ...inputShape] tensor needs.
 * @param {Uint8Array | Uint8ClampedArray} rgba
 * @param {number} width
 * @param {number} height
 * @param {{ inputShape: readonly [number, number, number] | number[], normalization: { mean: number, std: number } }} metadata
 * @returns {Float32Array}
 */
export function preprocess(rgba, width, height, metadata) {
  return pixelsToInput(imageToPixels(rgba, width, height, metadata.inputShape), metadata.normalization);
}
