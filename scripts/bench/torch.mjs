// PyTorch's side of `npm run bench -- --compare-torch`: runs scripts/torch-reference.py on the same
// network, batch and thread count as the browser bench, and with --ceiling scripts/torch-ceiling.py
// on the same raw convolutions and matrix products; reads each one's JSON line.

import { spawnSync } from 'node:child_process';

export const TORCH_INSTALL = 'PyTorch is missing: install Debian\'s python3-torch (sudo apt-get install -y python3-torch) to compare with it.';

/**
 * A Python that can import torch: `python3` on the PATH, else Debian's own (a pyenv or venv
 * python3 first on the PATH does not see Debian's python3-torch). Null when neither can.
 */
export function findTorchPython() {
  return ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;
}

/**
 * glibc's malloc otherwise hands large freed blocks back to the system and faults them in again:
 * oneDNN's scratch buffer for a 16-channel 28x28 convolution at batch 64 (about 29 MB) then costs
 * 35-60 ms a call instead of 1.6-2 ms, and PyTorch's training step on the reference network swung
 * between about 60 and 170 ms from run to run (measured with Debian's python3-torch 1.13). Keeping
 * freed memory in the process times PyTorch at its steady best, the harder figure to compare with.
 */
const STEADY_MALLOC = { MALLOC_MMAP_THRESHOLD_: String(2 ** 30), MALLOC_TRIM_THRESHOLD_: String(2 ** 30) };

/** Runs a script that prints one JSON object on its last line. */
function runJsonScript(python, script, args) {
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...STEADY_MALLOC } });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

/** One PyTorch timing: `network` has stageWidths, blocksPerStage and headUnits. */
export function runTorch(python, { network, threads, batch, steps, score }) {
  return runJsonScript(python, 'scripts/torch-reference.py', [
    '--threads', String(threads), '--widths', network.stageWidths.join(','),
    '--blocks', String(network.blocksPerStage), '--head', String(network.headUnits),
    '--batch', String(batch), '--steps', String(steps), '--score', String(score),
  ]);
}

/** PyTorch's median time for each ceiling case (src/lib/ml/ceiling.ts) at a thread count. */
export function runTorchCeiling(python, { threads, cases }) {
  return runJsonScript(python, 'scripts/torch-ceiling.py', ['--threads', String(threads), '--cases', JSON.stringify(cases)]);
}
