import type { SettingName } from '../data/store/settingsRules';

/** A typed setting the rules refuse: the text as typed and what is wrong with it. */
export interface RefusedDraft {
  /** the setting's name in words, as the form labels it */
  label: string;
  text: string;
  problems: string[];
}

/**
 * Settings typed into the form that cannot be saved. They live with the open project, not in the
 * form, so that the typed value and its message are still there when the Settings tab is opened
 * again, and so that Train (on another tab) can refuse to train while one is pending: training
 * would otherwise run on the last valid values without a word.
 */
export class SettingDrafts {
  private refused = $state.raw<Partial<Record<SettingName, RefusedDraft>>>({});

  get(name: SettingName): RefusedDraft | undefined {
    return this.refused[name];
  }

  /** The typed value of `name` is refused (problems) or fine (none): keeps or forgets it. */
  set(name: SettingName, draft: RefusedDraft): void {
    if (draft.problems.length > 0) this.refused = { ...this.refused, [name]: draft };
    else this.forget(name);
  }

  forget(name: SettingName): void {
    if (!(name in this.refused)) return;
    const rest = { ...this.refused };
    delete rest[name];
    this.refused = rest;
  }

  /** The stored settings were replaced as a whole (a preset): nothing typed before applies. */
  clear(): void {
    this.refused = {};
  }

  /** Every refused setting, in the order they were typed. */
  get all(): RefusedDraft[] {
    return Object.values(this.refused).filter((d): d is RefusedDraft => d !== undefined);
  }
}
