import { describe, expect, it } from 'vitest';
import { PRESETS, type ProjectSettings } from '../../src/lib/data/store/settings';
import { validateSettings, type SettingName } from '../../src/lib/data/store/settingsRules';
import {
  changedFromPreset, formatValue, parseField, proposeChange, SETTING_FIELDS, SETTING_GROUPS, type SettingField,
} from '../../src/lib/ui/settingFields';

const field = (name: SettingName): SettingField => SETTING_FIELDS.find((f) => f.name === name)!;
const quick = PRESETS.quick.settings;
const withValues = (change: Partial<ProjectSettings>): ProjectSettings => ({ ...quick, ...change });

describe('the settings table', () => {
  it('describes every setting but the preset, the strategy and the oracle, once, each with the paper', () => {
    const described = SETTING_FIELDS.map((f) => f.name).sort();
    const all = Object.keys(quick).filter((k) => !['preset', 'strategy', 'simulatedOracle'].includes(k)).sort();
    expect(described).toEqual(all);
    expect(SETTING_FIELDS.every((f) => f.paper.startsWith('Paper: ') && f.help.length > 0)).toBe(true);
    expect(field('epochs').paper).toBe('Paper: 200 epochs');
    expect(field('stageWidths').paper).toBe('Paper: ResNet-18, 64/128/256/512');
  });

  it('groups the fields as the panel shows them', () => {
    expect(SETTING_GROUPS.map((g) => [g.title, g.fields.map((f) => f.name)])).toEqual([
      ['Active learning', ['initialSize', 'queryK', 'subsetM']],
      ['Training', ['epochs', 'minSteps', 'batchSize', 'learningRate', 'momentum', 'weightDecay', 'lrDropFraction']],
      ['Learning loss', ['lambda', 'margin', 'rankingTargets', 'detachFraction', 'fallbackWhenAtChance']],
      ['Unlabeled images', ['unlabeledTraining', 'unlabeledThreshold', 'unlabeledRatio', 'unlabeledWeight']],
      ['Network', ['stageWidths', 'blocksPerStage', 'headUnits', 'reinitialize']],
      ['Augmentation', ['cropPadding', 'horizontalFlip']],
      ['Evaluation', ['testSize', 'seed']],
    ]);
  });
});

describe('validating settings', () => {
  it('finds nothing wrong with any preset', () => {
    for (const preset of Object.values(PRESETS)) expect(validateSettings(preset.settings)).toEqual([]);
  });

  it('says in plain words what is wrong', () => {
    expect(validateSettings(withValues({ batchSize: 7 }))).toEqual(['Batch size must be even: images are paired for the ranking loss.']);
    expect(validateSettings(withValues({ batchSize: 0 }))).toEqual(['Batch size must be between 2 and 4096.']);
    expect(validateSettings(withValues({ detachFraction: 1.2 }))).toEqual(['Detach fraction must be between 0 and 1.']);
    expect(validateSettings(withValues({ lrDropFraction: -0.1 }))).toEqual(['Learning-rate drop fraction must be between 0 and 1.']);
    expect(validateSettings(withValues({ learningRate: 0 }))).toEqual(['Learning rate must be greater than 0 and at most 10.']);
    expect(validateSettings(withValues({ momentum: 1 }))).toEqual(['Momentum must be at least 0 and less than 1.']);
    expect(validateSettings(withValues({ queryK: 0, subsetM: 0 }))).toEqual(['Query size K must be at least 1.', 'Scored subset M must be at least 1.']);
    expect(validateSettings(withValues({ epochs: 2.5 }))).toEqual(['Epochs must be a whole number.']);
    expect(validateSettings(withValues({ seed: Number.NaN }))).toEqual(['Seed must be a number.']);
  });

  it('wants M at least K, and says so for both', () => {
    expect(validateSettings(withValues({ queryK: 50, subsetM: 50 }))).toEqual([]);
    expect(validateSettings(withValues({ queryK: 51, subsetM: 50 }))).toEqual([
      'Scored subset M must be at least query size K: the K images asked are picked among the M scored.',
    ]);
  });

  it('wants backbone widths to be one to six positive whole numbers', () => {
    expect(validateSettings(withValues({ stageWidths: [] }))).toEqual(['Backbone widths: give at least 1 number.']);
    expect(validateSettings(withValues({ stageWidths: [8, 0] }))).toEqual(['Backbone widths: each must be a whole number between 1 and 1024.']);
    expect(validateSettings(withValues({ stageWidths: [8, 1.5] }))).toHaveLength(1);
    expect(validateSettings(withValues({ stageWidths: [1, 2, 3, 4, 5, 6, 7] }))).toEqual(['Backbone widths: give at most 6 numbers.']);
  });
});

describe('reading typed values', () => {
  it('reads numbers, whole numbers, lists and switches', () => {
    expect(parseField(field('learningRate'), ' 5e-4 ')).toEqual({ ok: true, value: 0.0005 });
    expect(parseField(field('momentum'), '.9')).toEqual({ ok: true, value: 0.9 });
    expect(parseField(field('epochs'), '200')).toEqual({ ok: true, value: 200 });
    expect(parseField(field('stageWidths'), '64/128, 256 512')).toEqual({ ok: true, value: [64, 128, 256, 512] });
    expect(parseField(field('horizontalFlip'), 'Off')).toEqual({ ok: true, value: false });
    expect(parseField(field('unlabeledTraining'), ' consistency ')).toEqual({ ok: true, value: 'consistency' });
    expect(parseField(field('rankingTargets'), 'soft')).toEqual({ ok: true, value: 'soft' });
  });

  it('takes a choice only among its options, and says which they are', () => {
    expect(parseField(field('unlabeledTraining'), 'always')).toEqual({ ok: false, problem: 'Learn from unlabeled images must be one of: off, consistency, pseudo-labels.' });
    expect(validateSettings(withValues({ rankingTargets: 'medium' as never }))).toEqual(['Ranking targets must be one of: hard, soft.']);
    expect(validateSettings(withValues({ unlabeledThreshold: 0 }))).toEqual(['Confidence threshold τ must be greater than 0 and at most 1.']);
    expect(validateSettings(withValues({ unlabeledRatio: 20 }))).toEqual(['Unlabeled per labeled μ must be greater than 0 and at most 16.']);
  });

  it('refuses what is not of the right form', () => {
    expect(parseField(field('learningRate'), '')).toEqual({ ok: false, problem: 'Learning rate must be a number.' });
    expect(parseField(field('learningRate'), '0x10')).toEqual({ ok: false, problem: 'Learning rate must be a number.' });
    expect(parseField(field('epochs'), '2.5')).toEqual({ ok: false, problem: 'Epochs must be a whole number.' });
    expect(parseField(field('stageWidths'), '8, sixteen')).toEqual({ ok: false, problem: 'Backbone widths must be whole numbers separated by commas or slashes.' });
    expect(parseField(field('stageWidths'), ' , ')).toEqual({ ok: false, problem: 'Backbone widths: give at least 1 number.' });
    expect(parseField(field('reinitialize'), 'maybe')).toEqual({ ok: false, problem: 'Re-initialize every cycle must be on or off.' });
  });

  it('writes lists as the paper does, and reads them back', () => {
    expect(formatValue(field('stageWidths'), [8, 16, 32])).toBe('8/16/32');
    expect(formatValue(field('weightDecay'), 5e-4)).toBe('0.0005');
    expect(parseField(field('stageWidths'), formatValue(field('stageWidths'), [8, 16, 32]))).toEqual({ ok: true, value: [8, 16, 32] });
  });
});

describe('proposing a change', () => {
  it('turns valid text into a change of that one field', () => {
    expect(proposeChange(quick, field('epochs'), '20')).toEqual({ ok: true, change: { epochs: 20 } });
    expect(proposeChange(quick, field('stageWidths'), '4, 8')).toEqual({ ok: true, change: { stageWidths: [4, 8] } });
  });

  it('refuses text that is malformed, out of bounds, or disagrees with another field', () => {
    expect(proposeChange(quick, field('batchSize'), '33')).toEqual({ ok: false, problems: ['Batch size must be even: images are paired for the ranking loss.'] });
    expect(proposeChange(quick, field('batchSize'), 'a lot')).toEqual({ ok: false, problems: ['Batch size must be a number.'] });
    // quick: K = 100, M = 1000
    expect(proposeChange(quick, field('queryK'), '1001')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^Scored subset M must be at least query size K/)] });
    expect(proposeChange(quick, field('subsetM'), '99')).toMatchObject({ ok: false });
  });

  it("ignores another field's problem", () => {
    expect(proposeChange(withValues({ batchSize: 7 }), field('epochs'), '3')).toEqual({ ok: true, change: { epochs: 3 } });
  });
});

describe('changes from the preset', () => {
  it('names the fields that differ from the preset', () => {
    expect(changedFromPreset(quick)).toEqual([]);
    expect(changedFromPreset(withValues({ epochs: 3, stageWidths: [8, 16] })).map((f) => f.name)).toEqual(['epochs', 'stageWidths']);
  });
});
