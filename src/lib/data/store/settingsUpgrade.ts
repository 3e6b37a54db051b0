import { DEFAULT_PRESET, PRESETS, type PresetName, type ProjectSettings } from './settings';

/**
 * Settings stored by an earlier lossloop, brought up to today's fields. The presets "Demo" and
 * "Tiny" trained 30-110 optimizer steps a cycle, too few for the model to learn: a project still on
 * one of them, unchanged, moves to today's default preset (its seed, strategy and oracle kept). A
 * project whose settings were edited keeps every value it had, and trains exactly its epochs as
 * before (minimum steps 0); only the missing fields are filled in.
 */

/** The size fields of the retired presets, as they were stored. */
const RETIRED_PRESETS: Record<string, Partial<ProjectSettings>> = {
  demo: { initialSize: 100, queryK: 50, subsetM: 500, epochs: 10, batchSize: 32, stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64, testSize: 1000 },
  tiny: { initialSize: 20, queryK: 8, subsetM: 24, epochs: 1, batchSize: 10, stageWidths: [4, 8], blocksPerStage: 1, headUnits: 8, testSize: 40 },
};

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && Object.hasOwn(PRESETS, value);
}

/**
 * Fields added after a project could be stored, with the value that trains as lossloop did before
 * them: an existing project keeps training as it did, and its owner turns them on.
 */
export const ADDED_LATER: Partial<ProjectSettings> = {
  rankingTargets: 'hard', unlabeledTraining: 'off', unlabeledThreshold: 0.95, unlabeledRatio: 2, unlabeledWeight: 1,
};

export function upgradeSettings(stored: ProjectSettings): ProjectSettings {
  return withAddedFields(upgradeRetiredPresets(stored));
}

function withAddedFields(settings: ProjectSettings): ProjectSettings {
  const missing = Object.entries(ADDED_LATER).filter(([name]) => settings[name as keyof ProjectSettings] === undefined);
  return missing.length === 0 ? settings : { ...settings, ...Object.fromEntries(missing) };
}

function upgradeRetiredPresets(stored: ProjectSettings): ProjectSettings {
  if (isPresetName(stored.preset) && stored.minSteps !== undefined && stored.fallbackWhenAtChance !== undefined) return stored;
  const retired = RETIRED_PRESETS[stored.preset as string];
  const unchanged = retired && Object.entries(retired).every(([name, value]) => JSON.stringify(stored[name as keyof ProjectSettings]) === JSON.stringify(value));
  const defaults = PRESETS[DEFAULT_PRESET].settings;
  if (unchanged) {
    return { ...defaults, seed: stored.seed, strategy: stored.strategy, simulatedOracle: stored.simulatedOracle };
  }
  return {
    ...defaults,
    // what the fields added later were before they existed, not today's preset's choice
    ...ADDED_LATER,
    ...stored,
    preset: isPresetName(stored.preset) ? stored.preset : DEFAULT_PRESET,
    minSteps: stored.minSteps ?? 0,
    fallbackWhenAtChance: stored.fallbackWhenAtChance ?? defaults.fallbackWhenAtChance,
  };
}
