import type { ProjectSettings } from './settings';

/**
 * What a valid setting is: its kind and bounds, checked before the store saves a project's
 * settings. Each rule carries the setting's name in words, because a problem has to say which
 * setting it concerns; the panel's help texts and the paper's values live in ui/settingFields.ts.
 */

/** The settings edited as fields; the preset, the strategy and the simulated oracle have their own controls. */
export type SettingName = Exclude<keyof ProjectSettings, 'preset' | 'strategy' | 'simulatedOracle'>;
export type SettingValue = ProjectSettings[SettingName];

type NamesOf<T> = { [K in SettingName]: ProjectSettings[K] extends T ? K : never }[SettingName];

/** One option of a setting chosen from a list. */
export interface ChoiceOption {
  value: string;
  label: string;
}

/** Bounds of a number, or of each number of a list; inclusive unless said. */
export interface Bounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export type SettingRule = { label: string } & (
  | (Bounds & { kind: 'integer' | 'number'; name: NamesOf<number>; even?: boolean })
  | { kind: 'boolean'; name: NamesOf<boolean> }
  | (Bounds & { kind: 'integer-list'; name: NamesOf<number[]>; minLength: number; maxLength: number })
  | { kind: 'choice'; name: NamesOf<string>; options: readonly ChoiceOption[] }
);

/** One rule per edited setting, in the order the settings panel shows them (problems come in this order). */
export const SETTING_RULES: readonly SettingRule[] = [
  { name: 'initialSize', kind: 'integer', min: 2, label: 'Initial labeled set' },
  { name: 'queryK', kind: 'integer', min: 1, label: 'Query size K' },
  { name: 'subsetM', kind: 'integer', min: 1, label: 'Scored subset M' },
  { name: 'epochs', kind: 'integer', min: 1, max: 10000, label: 'Epochs' },
  { name: 'minSteps', kind: 'integer', min: 0, max: 1000000, label: 'Minimum training steps' },
  { name: 'batchSize', kind: 'integer', min: 2, max: 4096, even: true, label: 'Batch size' },
  { name: 'learningRate', kind: 'number', min: 0, minExclusive: true, max: 10, label: 'Learning rate' },
  { name: 'momentum', kind: 'number', min: 0, max: 1, maxExclusive: true, label: 'Momentum' },
  { name: 'weightDecay', kind: 'number', min: 0, max: 1, label: 'Weight decay' },
  { name: 'lrDropFraction', kind: 'number', min: 0, max: 1, label: 'Learning-rate drop fraction' },
  { name: 'lambda', kind: 'number', min: 0, max: 1000, label: 'Ranking loss weight λ' },
  { name: 'margin', kind: 'number', min: 0, max: 1000, label: 'Ranking margin ξ' },
  { name: 'detachFraction', kind: 'number', min: 0, max: 1, label: 'Detach fraction' },
  { name: 'rankingTargets', kind: 'choice', label: 'Ranking targets', options: [
    { value: 'hard', label: 'hard: which of the pair has the higher loss' },
    { value: 'soft', label: 'soft: by how much (sigmoid of the gap)' },
  ] },
  { name: 'fallbackWhenAtChance', kind: 'boolean', label: 'Entropy while the loss predictor is at chance' },
  { name: 'stageWidths', kind: 'integer-list', min: 1, max: 1024, minLength: 1, maxLength: 6, label: 'Backbone widths' },
  { name: 'blocksPerStage', kind: 'integer', min: 1, max: 8, label: 'Blocks per stage' },
  { name: 'headUnits', kind: 'integer', min: 1, max: 1024, label: 'Loss head units' },
  { name: 'reinitialize', kind: 'boolean', label: 'Re-initialize every cycle' },
  { name: 'unlabeledTraining', kind: 'choice', label: 'Learn from unlabeled images', options: [
    { value: 'off', label: 'off: labeled images only' },
    { value: 'consistency', label: 'consistency: confident guesses each step (FixMatch)' },
    { value: 'pseudo-labels', label: "pseudo-labels: confident guesses of the last cycle's scoring" },
  ] },
  { name: 'unlabeledThreshold', kind: 'number', min: 0, max: 1, minExclusive: true, label: 'Confidence threshold τ' },
  { name: 'unlabeledRatio', kind: 'number', min: 0, max: 16, minExclusive: true, label: 'Unlabeled per labeled μ' },
  { name: 'unlabeledWeight', kind: 'number', min: 0, max: 100, label: 'Unlabeled loss weight λu' },
  { name: 'cropPadding', kind: 'integer', min: 0, max: 16, label: 'Random crop padding' },
  { name: 'horizontalFlip', kind: 'boolean', label: 'Random horizontal flip' },
  { name: 'testSize', kind: 'integer', min: 2, label: 'Test images measured' },
  { name: 'seed', kind: 'integer', min: 0, max: 4294967295, label: 'Seed' },
];

/** The rule of one setting. */
export function ruleOf(name: SettingName): SettingRule {
  const rule = SETTING_RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`There is no rule for the setting "${name}".`);
  return rule;
}

/** A problem with the settings, and the settings it concerns (two, when they disagree). */
export interface SettingProblem {
  fields: SettingName[];
  message: string;
}

/** Every problem of a whole set of settings, in plain words. */
export function validateSettings(settings: ProjectSettings): string[] {
  return settingProblems(settings).map((p) => p.message);
}

export function settingProblems(settings: ProjectSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const rule of SETTING_RULES) {
    const message = ruleProblem(rule, settings[rule.name]);
    if (message) problems.push({ fields: [rule.name], message });
  }
  if (settings.subsetM < settings.queryK) {
    problems.push({ fields: ['queryK', 'subsetM'], message: 'Scored subset M must be at least query size K: the K images asked are picked among the M scored.' });
  }
  return problems;
}

/** Thrown when settings that break a rule are about to be saved; the message names the settings. */
export class InvalidSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`These settings cannot be saved: ${problems.join(' ')}`);
    this.name = 'InvalidSettingsError';
  }
}

/** Throws InvalidSettingsError unless the settings keep every rule. */
export function assertValidSettings(settings: ProjectSettings): void {
  const problems = validateSettings(settings);
  if (problems.length > 0) throw new InvalidSettingsError(problems);
}

/** What is wrong with one setting's value on its own, or null. */
function ruleProblem(rule: SettingRule, value: unknown): string | null {
  switch (rule.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `${rule.label} must be on or off.`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${rule.label} must be a number.`;
      const whole = rule.kind === 'integer';
      if (whole && !Number.isInteger(value)) return `${rule.label} must be a whole number.`;
      if (!withinBounds(value, rule)) return `${rule.label} must be ${boundsText(rule)}.`;
      if (rule.even && value % 2 !== 0) return `${rule.label} must be even: images are paired for the ranking loss.`;
      return null;
    }
    case 'choice':
      return rule.options.some((o) => o.value === value) ? null : `${rule.label} must be one of: ${rule.options.map((o) => o.value).join(', ')}.`;
    case 'integer-list': {
      if (!Array.isArray(value) || value.length < rule.minLength) return tooFewNumbers(rule);
      if (value.length > rule.maxLength) return `${rule.label}: give at most ${rule.maxLength} numbers.`;
      if (!value.every((v) => Number.isInteger(v) && withinBounds(v, rule))) return `${rule.label}: each must be a whole number ${boundsText(rule)}.`;
      return null;
    }
  }
}

/** The problem of a list with fewer numbers than its rule wants. */
export function tooFewNumbers(rule: { label: string; minLength: number }): string {
  return `${rule.label}: give at least ${rule.minLength} number${rule.minLength === 1 ? '' : 's'}.`;
}

function withinBounds(value: number, bounds: Bounds): boolean {
  const aboveMin = bounds.min === undefined || (bounds.minExclusive ? value > bounds.min : value >= bounds.min);
  const belowMax = bounds.max === undefined || (bounds.maxExclusive ? value < bounds.max : value <= bounds.max);
  return aboveMin && belowMax;
}

function boundsText(bounds: Bounds): string {
  const low = bounds.min === undefined ? '' : bounds.minExclusive ? `greater than ${bounds.min}` : `at least ${bounds.min}`;
  const high = bounds.max === undefined ? '' : bounds.maxExclusive ? `less than ${bounds.max}` : `at most ${bounds.max}`;
  if (low && high && !bounds.minExclusive && !bounds.maxExclusive) return `between ${bounds.min} and ${bounds.max}`;
  return [low, high].filter(Boolean).join(' and ');
}
