import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { encodePng } from '../../src/lib/data/formats/png';
import { imageToPixels } from '../../src/lib/data/formats/imageToInput.js';
import { exportModel } from '../../src/lib/data/transfer/modelExport';
import { disposeNetwork } from '../../src/lib/ml/network';
import { predict } from '../../src/lib/ml/inference';
import { makeBatch } from '../../src/lib/ml/batch';
import { createRng } from '../../src/lib/core/random';
import { DEMO_NETWORK, NORMALIZATION, projectWithCheckpoint } from './exportedProject';
import { importShippedPreprocessing, loadLayersZip } from './modelZip';
import { pngToRgba } from './pngToRgba';
import { closeDatabase, freshDatabase } from './projectFixture';
import { useCpuBackend } from './tfCpu';

/**
 * The model ZIP ships the code the app prepares images with, and that code, run elsewhere, gives
 * the app's answer: PNG files of other sizes than the input, in colour, greyscale and with
 * transparency, go through preprocess.js (imported from the ZIP) into `tf.loadLayersModel`'s model,
 * and through the app's own preprocessing into its own forward pass, and the probabilities agree.
 */

beforeAll(useCpuBackend);

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => closeDatabase(db));

/** Smooth shapes with some grain, so a resize has edges and texture to get right or wrong. */
function picture(width: number, height: number, channels: 1 | 3 | 4, seed: number): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 3) ** 2;
      for (let c = 0; c < channels; c++) {
        const value = c === 3 ? (x < width / 4 ? 0 : 255 - 2 * y) : (inside ? 180 + 30 * c : (x * 255) / width) + rng() * 40 - 20;
        out[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return out;
}

const PNGS = {
  'a colour PNG, 45x37': encodePng(picture(45, 37, 3, 1), 45, 37, 3),
  'a greyscale PNG, 33x50': encodePng(picture(33, 50, 1, 2), 33, 50, 1),
  'an RGBA PNG with transparent parts, 17x13 (smaller than the input)': encodePng(picture(17, 13, 4, 3), 17, 13, 4),
};

const PROJECTS: Record<string, [number, number, number]> = {
  'a greyscale 28x28 project': [28, 28, 1],
  'a colour 20x24 project': [20, 24, 3],
};

describe('the preprocessing shipped with the exported model', () => {
  it('is the file the app imports, as it is', async () => {
    const { project, network } = await projectWithCheckpoint(db, DEMO_NETWORK);
    const { source } = await importShippedPreprocessing(await exportModel(db, project));
    expect(source).toBe(readFileSync(new URL('../../src/lib/data/formats/imageToInput.js', import.meta.url), 'utf8'));
    disposeNetwork(network);
  });

  for (const [projectTitle, inputShape] of Object.entries(PROJECTS)) {
    it(`gives the app's probabilities from the same PNG files: ${projectTitle}`, async () => {
      const { project, network } = await projectWithCheckpoint(db, DEMO_NETWORK, inputShape);
      const zip = await exportModel(db, project);
      const { model, metadata } = await loadLayersZip(zip);
      const { module: shipped } = await importShippedPreprocessing(zip);
      const [height, width, channels] = inputShape;
      const shape = { height, width, channels };
      const answers: string[] = [];

      for (const [pngTitle, png] of Object.entries(PNGS)) {
        const { rgba, width: pngWidth, height: pngHeight } = pngToRgba(png);
        expect(pngWidth * pngHeight, pngTitle).not.toBe(height * width);

        // The app: its own preprocessing (what decodeImage runs after decoding), its own forward pass.
        const appPixels = imageToPixels(rgba, pngWidth, pngHeight, inputShape);
        const ours = await predict(network, { pixels: appPixels, count: 1, shape, normalization: NORMALIZATION }, { batchSize: 1 });
        const appProbabilities = softmax(Array.from(ours.logits));

        // Elsewhere: preprocess.js from the ZIP, metadata.json, tf.loadLayersModel.
        expect(Array.from(shipped.imageToPixels(rgba, pngWidth, pngHeight, metadata.inputShape))).toEqual(Array.from(appPixels));
        const input = shipped.preprocess(rgba, pngWidth, pngHeight, metadata);
        // The very values the app's batches feed its network.
        expect(Array.from(input)).toEqual(Array.from(makeBatch(appPixels, [0], shape, NORMALIZATION)));
        const output = tf.tidy(() => model.predict(tf.tensor4d(input, [1, ...metadata.inputShape])) as tf.Tensor);
        const exported = Array.from(await output.data());
        output.dispose();

        const maxDifference = Math.max(...exported.map((p, i) => Math.abs(p - appProbabilities[i])));
        expect(maxDifference, `${pngTitle}: largest probability difference`).toBeLessThan(1e-5);
        answers.push(exported.map((p) => p.toFixed(4)).join());
      }
      // Different images got different answers: agreement is not two constant outputs.
      expect(new Set(answers).size).toBe(Object.keys(PNGS).length);
      model.dispose();
      disposeNetwork(network);
      expect(tf.memory().numTensors).toBe(0);
    });
  }
});

function softmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
