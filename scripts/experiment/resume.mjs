// Resuming an experiment: results.json in the output folder is written after every trial, and a
// run started again with the same command goes on from it, skipping every (trial, strategy) that
// has all its rounds. A race of only the missing strategies gives them the same initial set as
// the finished ones, since a trial's seed fixes it.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What must be equal for earlier results to belong to this run. */
const IDENTITY = ['protocol', 'backend', 'data', 'loop', 'rounds', 'settings'];

/**
 * The results to go on from: those in `outDir` when they come from the same run (protocol,
 * backend, data, loop, rounds and settings), else `fresh`. Earlier results of another run are not
 * overwritten: that is an error telling the user what to do.
 */
export function resumeFrom(outDir, fresh) {
  const path = join(outDir, 'results.json');
  if (!existsSync(path)) return fresh;
  return continueFrom(JSON.parse(readFileSync(path, 'utf8')), fresh, path);
}

export function continueFrom(previous, fresh, path = 'results.json') {
  const differs = IDENTITY.filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(fresh[key]));
  if (differs.length > 0) {
    throw new Error(`${path} holds another run (its ${differs.join(', ')} differ): choose another --out, or delete it to start again.`);
  }
  return previous;
}

/** The strategies of `strategies` that have no complete trial with this seed yet. */
export function missingStrategies(results, seed, strategies) {
  return strategies.filter((strategy) => !(results.strategies[strategy]?.trials ?? []).some(
    (trial) => trial.seed === seed && trial.rounds.length === results.rounds && trial.rounds.every((r) => Number.isFinite(r.testAccuracy)),
  ));
}
