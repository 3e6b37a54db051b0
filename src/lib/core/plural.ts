/**
 * A count with its noun in the right number ("1 file", "2 files"), through the language's plural
 * rules rather than an "s" stuck on. Nouns whose plural is not noun + "s" pass it in. Thousands
 * are grouped ("10,000 images"), as people read large counts.
 */
const rules = new Intl.PluralRules('en-US');

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${rules.select(count) === 'one' ? noun : nouns}`;
}
