import { PRESETS, type ProjectSettings } from '../data/store/settings';
import { ruleOf, settingProblems, tooFewNumbers, type SettingName, type SettingRule, type SettingValue } from '../data/store/settingsRules';

/**
 * The settings panel's words: each setting's help and the paper's value (Yoo & Kweon 2019,
 * "Learning Loss for Active Learning"), grouped as the panel shows them. A field is its data-layer rule
 * (kind, bounds, name in words) with these texts; the store applies the rules when it saves.
 */

interface FieldText {
  help: string;
  /** the paper's value, in words: shown as a hint and in the tooltip */
  paper: string;
  /** why the field does nothing with these settings (it is shown greyed out), or null when it counts */
  idleWhen?: (settings: ProjectSettings) => string | null;
}

export type SettingField = SettingRule & FieldText;

export interface SettingGroup {
  title: string;
  fields: readonly SettingField[];
}

/** The unlabeled images' threshold, ratio and weight count only when they are learned from. */
const unlabeledOff = (settings: ProjectSettings) => (settings.unlabeledTraining === 'off' ? 'Used when Learn from unlabeled images is on.' : null);

const TEXTS: Record<SettingName, FieldText> = {
  initialSize: { help: 'Random images labeled before the first cycle.', paper: 'Paper: 1000' },
  queryK: { help: 'Images asked per cycle: the top K of the scored subset.', paper: 'Paper: 1000' },
  subsetM: { help: 'Random unlabeled images scored each cycle, the query being picked among them: fewer is faster and avoids near-duplicates.', paper: 'Paper: 10000' },
  epochs: { help: 'Passes over the labeled set in each cycle at least; more when the minimum training steps need them.', paper: 'Paper: 200 epochs' },
  minSteps: { help: 'Optimizer steps in each cycle at least: a small labeled set is passed over more times than the epochs say, so that the model trains long enough to learn. 0 trains exactly the epochs.', paper: 'Paper: 200 epochs of 1,000 or more labels at batch 128, 1,600 steps or more' },
  batchSize: { help: 'Images per training step; even, because the ranking loss pairs them.', paper: 'Paper: 128' },
  learningRate: { help: 'SGD step size, for both networks.', paper: 'Paper: 0.1' },
  momentum: { help: 'SGD momentum.', paper: 'Paper: 0.9' },
  weightDecay: { help: 'L2 penalty on the weights.', paper: 'Paper: 0.0005' },
  lrDropFraction: { help: 'Fraction of the training steps after which the learning rate is multiplied by 0.1.', paper: 'Paper: 0.8 (epoch 160 of 200)' },
  lambda: { help: "Weight of the loss head's ranking loss in the total loss.", paper: 'Paper: 1' },
  margin: { help: 'How far apart the predicted losses of a pair must be, in the right order, before the pair stops counting.', paper: 'Paper: 1' },
  rankingTargets: { help: "What the loss head learns from a pair of labeled images: hard, only which one has the higher loss, with a margin between their predictions; soft, by how much, so two images of nearly equal loss need not be pushed apart.", paper: 'Paper: hard (LearningLoss++, 2021: soft)' },
  unlabeledTraining: { help: "Off trains on labeled images only. Consistency: each step, the model's confident guesses on lightly changed unlabeled images become targets for strongly changed copies of them; slower steps, more learned per label. Pseudo-labels: the confident guesses of the last cycle's scoring join training, at almost no extra time. The loss head always learns from labeled images only.", paper: 'Paper: off (FixMatch, 2020: consistency)' },
  unlabeledThreshold: { help: 'How sure the model must be of its guess on an unlabeled image for the guess to become a target.', paper: 'Paper: not used (FixMatch: 0.95)', idleWhen: unlabeledOff },
  unlabeledRatio: { help: 'Unlabeled images trained on per labeled image in each step; each costs time, like a labeled one.', paper: 'Paper: not used (FixMatch: 7)', idleWhen: unlabeledOff },
  unlabeledWeight: { help: 'Weight of the unlabeled images\' loss beside the labeled images\' cross-entropy.', paper: 'Paper: not used (FixMatch: 1)', idleWhen: unlabeledOff },
  detachFraction: { help: 'Fraction of the training steps after which the loss head learns alone, no longer training the target network through its features.', paper: 'Paper: 0.6 (epoch 120 of 200)' },
  fallbackWhenAtChance: { help: 'When the loss predictor ranks test images no better than chance, the next images are chosen by entropy instead, and the cycle says so. The strategy race never does this.', paper: 'Paper: not used (the paper always queries by predicted loss)' },
  stageWidths: { help: 'Channels of each residual stage, separated by commas or slashes; each stage after the first halves the image size.', paper: 'Paper: ResNet-18, 64/128/256/512' },
  blocksPerStage: { help: 'Residual blocks in each stage.', paper: 'Paper: 2 (ResNet-18)' },
  headUnits: { help: "Units of the loss head's layer on each stage.", paper: 'Paper: 128' },
  reinitialize: { help: "On: both networks start from fresh weights each cycle. Off: they continue from the last cycle's weights.", paper: 'Paper: the reference code continues; most benchmarks re-initialize' },
  cropPadding: { help: 'Pixels of padding around a training image before a random crop back to its size; 0 turns cropping off.', paper: 'Paper: 4 px on 32x32 images' },
  horizontalFlip: { help: 'Mirror training images at random.', paper: 'Paper: on' },
  testSize: { help: 'Labeled test images measured after each cycle (all of them when there are fewer).', paper: 'Paper: the whole test set' },
  seed: { help: 'Fixes the random choices (initial set, subsets, weights), so that a run can be repeated.', paper: 'Paper: the mean of 5 trials' },
};

const GROUPS: readonly { title: string; names: readonly SettingName[] }[] = [
  { title: 'Active learning', names: ['initialSize', 'queryK', 'subsetM'] },
  { title: 'Training', names: ['epochs', 'minSteps', 'batchSize', 'learningRate', 'momentum', 'weightDecay', 'lrDropFraction'] },
  { title: 'Learning loss', names: ['lambda', 'margin', 'rankingTargets', 'detachFraction', 'fallbackWhenAtChance'] },
  { title: 'Unlabeled images', names: ['unlabeledTraining', 'unlabeledThreshold', 'unlabeledRatio', 'unlabeledWeight'] },
  { title: 'Network', names: ['stageWidths', 'blocksPerStage', 'headUnits', 'reinitialize'] },
  { title: 'Augmentation', names: ['cropPadding', 'horizontalFlip'] },
  { title: 'Evaluation', names: ['testSize', 'seed'] },
];

export const SETTING_GROUPS: readonly SettingGroup[] = GROUPS.map((group) => ({
  title: group.title,
  fields: group.names.map((name): SettingField => ({ ...ruleOf(name), ...TEXTS[name] })),
}));

export const SETTING_FIELDS: readonly SettingField[] = SETTING_GROUPS.flatMap((group) => group.fields);

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
    case 'choice':
      return field.options.some((o) => o.value === trimmed)
        ? { ok: true, value: trimmed as SettingValue }
        : { ok: false, problem: `${field.label} must be one of: ${field.options.map((o) => o.value).join(', ')}.` };
    case 'integer-list': {
      const parts = trimmed.split(/[\s,/]+/).filter(Boolean);
      if (parts.length === 0) return { ok: false, problem: tooFewNumbers(field) };
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
