import { PRESETS, type ProjectSettings } from './settings';

/**
 * Every setting a user edits, described once: its label, help, the paper's value (Yoo & Kweon
 * 2019, as METHOD.md gives it), its kind and bounds. The settings panel is drawn from this table,
 * and the same table checks a value before it is stored.
 */

/** The settings edited as fields; the preset, the strategy and the simulated oracle have their own controls. */
export type SettingName = Exclude<keyof ProjectSettings, 'preset' | 'strategy' | 'simulatedOracle'>;
export type SettingValue = ProjectSettings[SettingName];

type NamesOf<T> = { [K in SettingName]: ProjectSettings[K] extends T ? K : never }[SettingName];

interface FieldText {
  label: string;
  help: string;
  /** the paper's value, in words: shown as a hint and in the tooltip */
  paper: string;
}

/** Bounds of a number, or of each number of a list; inclusive unless said. */
interface Bounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export type SettingField = FieldText &
  (
    | (Bounds & { kind: 'integer' | 'number'; name: NamesOf<number>; even?: boolean })
    | { kind: 'boolean'; name: NamesOf<boolean> }
    | (Bounds & { kind: 'integer-list'; name: NamesOf<number[]>; minLength: number; maxLength: number })
  );

export interface SettingGroup {
  title: string;
  fields: readonly SettingField[];
}

export const SETTING_GROUPS: readonly SettingGroup[] = [
  {
    title: 'Active learning',
    fields: [
      { name: 'initialSize', kind: 'integer', min: 2, label: 'Initial labeled set', help: 'Random images labeled before the first cycle.', paper: 'Paper: 1000' },
      { name: 'queryK', kind: 'integer', min: 1, label: 'Query size K', help: 'Images asked per cycle: the top K of the scored subset.', paper: 'Paper: 1000' },
      { name: 'subsetM', kind: 'integer', min: 1, label: 'Scored subset M', help: 'Random unlabeled images scored each cycle, the query being picked among them: fewer is faster and avoids near-duplicates.', paper: 'Paper: 10000' },
    ],
  },
  {
    title: 'Training',
    fields: [
      { name: 'epochs', kind: 'integer', min: 1, max: 10000, label: 'Epochs', help: 'Passes over the labeled set in each cycle at least; more when the minimum training steps need them.', paper: 'Paper: 200 epochs' },
      { name: 'minSteps', kind: 'integer', min: 0, max: 1000000, label: 'Minimum training steps', help: 'Optimizer steps in each cycle at least: a small labeled set is passed over more times than the epochs say, so that the model trains long enough to learn. 0 trains exactly the epochs.', paper: 'Paper: 200 epochs of 1,000 or more labels at batch 128, 1,600 steps or more' },
      { name: 'batchSize', kind: 'integer', min: 2, max: 4096, even: true, label: 'Batch size', help: 'Images per training step; even, because the ranking loss pairs them.', paper: 'Paper: 128' },
      { name: 'learningRate', kind: 'number', min: 0, minExclusive: true, max: 10, label: 'Learning rate', help: 'SGD step size, for both networks.', paper: 'Paper: 0.1' },
      { name: 'momentum', kind: 'number', min: 0, max: 1, maxExclusive: true, label: 'Momentum', help: 'SGD momentum.', paper: 'Paper: 0.9' },
      { name: 'weightDecay', kind: 'number', min: 0, max: 1, label: 'Weight decay', help: 'L2 penalty on the weights.', paper: 'Paper: 0.0005' },
      { name: 'lrDropFraction', kind: 'number', min: 0, max: 1, label: 'Learning-rate drop fraction', help: 'Fraction of the training steps after which the learning rate is multiplied by 0.1.', paper: 'Paper: 0.8 (epoch 160 of 200)' },
    ],
  },
  {
    title: 'Learning loss',
    fields: [
      { name: 'lambda', kind: 'number', min: 0, max: 1000, label: 'Ranking loss weight λ', help: "Weight of the loss head's ranking loss in the total loss.", paper: 'Paper: 1' },
      { name: 'margin', kind: 'number', min: 0, max: 1000, label: 'Ranking margin ξ', help: 'How far apart the predicted losses of a pair must be, in the right order, before the pair stops counting.', paper: 'Paper: 1' },
      { name: 'detachFraction', kind: 'number', min: 0, max: 1, label: 'Detach fraction', help: 'Fraction of the training steps after which the loss head learns alone, no longer training the target network through its features.', paper: 'Paper: 0.6 (epoch 120 of 200)' },
      { name: 'fallbackWhenAtChance', kind: 'boolean', label: 'Entropy while the loss predictor is at chance', help: 'When the loss predictor ranks test images no better than chance, the next images are chosen by entropy instead, and the cycle says so. The strategy race never does this.', paper: 'Paper: not used (the paper always queries by predicted loss)' },
    ],
  },
  {
    title: 'Network',
    fields: [
      { name: 'stageWidths', kind: 'integer-list', min: 1, max: 1024, minLength: 1, maxLength: 6, label: 'Backbone widths', help: 'Channels of each residual stage, separated by commas or slashes; each stage after the first halves the image size.', paper: 'Paper: ResNet-18, 64/128/256/512' },
      { name: 'blocksPerStage', kind: 'integer', min: 1, max: 8, label: 'Blocks per stage', help: 'Residual blocks in each stage.', paper: 'Paper: 2 (ResNet-18)' },
      { name: 'headUnits', kind: 'integer', min: 1, max: 1024, label: 'Loss head units', help: "Units of the loss head's layer on each stage.", paper: 'Paper: 128' },
      { name: 'reinitialize', kind: 'boolean', label: 'Re-initialize every cycle', help: "On: both networks start from fresh weights each cycle. Off: they continue from the last cycle's weights.", paper: 'Paper: the reference code continues; most benchmarks re-initialize' },
    ],
  },
  {
    title: 'Augmentation',
    fields: [
      { name: 'cropPadding', kind: 'integer', min: 0, max: 16, label: 'Random crop padding', help: 'Pixels of padding around a training image before a random crop back to its size; 0 turns cropping off.', paper: 'Paper: 4 px on 32x32 images' },
      { name: 'horizontalFlip', kind: 'boolean', label: 'Random horizontal flip', help: 'Mirror training images at random.', paper: 'Paper: on' },
    ],
  },
  {
    title: 'Evaluation',
    fields: [
      { name: 'testSize', kind: 'integer', min: 2, label: 'Test images measured', help: 'Labeled test images measured after each cycle (all of them when there are fewer).', paper: 'Paper: the whole test set' },
      { name: 'seed', kind: 'integer', min: 0, max: 4294967295, label: 'Seed', help: 'Fixes the random choices (initial set, subsets, weights), so that a run can be repeated.', paper: 'Paper: the mean of 5 trials' },
    ],
  },
];

export const SETTING_FIELDS: readonly SettingField[] = SETTING_GROUPS.flatMap((group) => group.fields);

/** A problem with the settings, and the fields it concerns (two, when they disagree). */
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
  for (const field of SETTING_FIELDS) {
    const message = fieldProblem(field, settings[field.name]);
    if (message) problems.push({ fields: [field.name], message });
  }
  if (settings.subsetM < settings.queryK) {
    problems.push({ fields: ['queryK', 'subsetM'], message: 'Scored subset M must be at least query size K: the K images asked are picked among the M scored.' });
  }
  return problems;
}

/** What is wrong with one field's value on its own, or null. */
function fieldProblem(field: SettingField, value: unknown): string | null {
  switch (field.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `${field.label} must be on or off.`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${field.label} must be a number.`;
      const whole = field.kind === 'integer';
      if (whole && !Number.isInteger(value)) return `${field.label} must be a whole number.`;
      if (!withinBounds(value, field)) return `${field.label} must be ${boundsText(field)}.`;
      if (field.even && value % 2 !== 0) return `${field.label} must be even: images are paired for the ranking loss.`;
      return null;
    }
    case 'integer-list': {
      if (!Array.isArray(value) || value.length < field.minLength) return tooFew(field);
      if (value.length > field.maxLength) return `${field.label}: give at most ${field.maxLength} numbers.`;
      if (!value.every((v) => Number.isInteger(v) && withinBounds(v, field))) return `${field.label}: each must be a whole number ${boundsText(field)}.`;
      return null;
    }
  }
}

function tooFew(field: { label: string; minLength: number }): string {
  return `${field.label}: give at least ${field.minLength} number${field.minLength === 1 ? '' : 's'}.`;
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

export type Parsed = { ok: true; value: SettingValue } | { ok: false; problem: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const BOOLEANS: Record<string, boolean> = { on: true, yes: true, true: true, off: false, no: false, false: false };

/**
 * Reads a field's value from what was typed. Only the form is checked here (a number, a whole
 * number, a list of them); bounds and agreement with other fields are `settingProblems`'s job.
 */
export function parseField(field: SettingField, text: string): Parsed {
  const trimmed = text.trim();
  switch (field.kind) {
    case 'boolean': {
      const value = BOOLEANS[trimmed.toLowerCase()];
      return value === undefined ? { ok: false, problem: `${field.label} must be on or off.` } : { ok: true, value };
    }
    case 'integer':
    case 'number': {
      if (!NUMBER.test(trimmed)) return { ok: false, problem: `${field.label} must be a number.` };
      const value = Number(trimmed);
      if (field.kind === 'integer' && !Number.isInteger(value)) return { ok: false, problem: `${field.label} must be a whole number.` };
      return { ok: true, value };
    }
    case 'integer-list': {
      const parts = trimmed.split(/[\s,/]+/).filter(Boolean);
      if (parts.length === 0) return { ok: false, problem: tooFew(field) };
      if (!parts.every((p) => /^[+-]?\d+$/.test(p))) return { ok: false, problem: `${field.label} must be whole numbers separated by commas or slashes.` };
      return { ok: true, value: parts.map(Number) };
    }
  }
}

/** How a field's value is written in its text input (lists with slashes, as the paper writes them). */
export function formatValue(field: SettingField, value: SettingValue): string {
  return field.kind === 'integer-list' && Array.isArray(value) ? value.join('/') : String(value);
}

/** The change that sets one field. */
export function changeOf(field: SettingField, value: SettingValue): Partial<ProjectSettings> {
  return { [field.name]: value } as Partial<ProjectSettings>;
}

/**
 * Typed text as a change to the settings, or the problems that keep it from being one: its form,
 * its bounds, and its agreement with the other settings.
 */
export function proposeChange(
  settings: ProjectSettings,
  field: SettingField,
  text: string,
): { ok: true; change: Partial<ProjectSettings> } | { ok: false; problems: string[] } {
  const parsed = parseField(field, text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const change = changeOf(field, parsed.value);
  const problems = settingProblems({ ...settings, ...change }).filter((p) => p.fields.includes(field.name)).map((p) => p.message);
  return problems.length ? { ok: false, problems } : { ok: true, change };
}

/** The fields whose value differs from the settings' own preset. */
export function changedFromPreset(settings: ProjectSettings): SettingField[] {
  const preset = PRESETS[settings.preset].settings;
  return SETTING_FIELDS.filter((field) => JSON.stringify(settings[field.name]) !== JSON.stringify(preset[field.name]));
}
