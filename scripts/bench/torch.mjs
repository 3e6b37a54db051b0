// PyTorch's side of `npm run bench -- --compare-torch`: runs scripts/torch-reference.py on the same
// network, batch and thread count as the browser bench, and reads its JSON line.

import { spawnSync } from 'node:child_process';

export const TORCH_INSTALL = 'PyTorch is missing: install Debian\'s python3-torch (sudo apt-get install -y python3-torch) to compare with it.';

/**
 * A Python that can import torch: `python3` on the PATH, else Debian's own (a pyenv or venv
 * python3 first on the PATH does not see Debian's python3-torch). Null when neither can.
 */
export function findTorchPython() {
  return ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;
}

/** One PyTorch timing: `network` has stageWidths, blocksPerStage and headUnits. */
export function runTorch(python, { network, threads, batch, steps, score }) {
  const run = spawnSync(python, [
    'scripts/torch-reference.py', '--threads', String(threads), '--widths', network.stageWidths.join(','),
    '--blocks', String(network.blocksPerStage), '--head', String(network.headUnits),
    '--batch', String(batch), '--steps', String(steps), '--score', String(score),
  ], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/torch-reference.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}
