import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { MAX_NAME_LENGTH } from '../../src/lib/data/store/names';
import type { ImageWorker } from '../../src/lib/state/imageWorker';
import IdxImportForm from '../../src/lib/ui/IdxImportForm.svelte';
import ImageImportForm from '../../src/lib/ui/ImageImportForm.svelte';

/**
 * A name field takes no more characters than the name rule allows, so a person cannot type a
 * name the import would then refuse for its length. The forms are rendered to HTML here.
 */

/** The input with this test id in the rendered HTML. */
function input(html: string, testId: string): string {
  const found = html.match(new RegExp(`<input[^>]*data-testid="${testId}"[^>]*>`));
  if (!found) throw new Error(`no input "${testId}" in the form`);
  return found[0];
}

describe('the project name field of the import forms', () => {
  it('holds at most as many characters as a name may have', () => {
    const idx = render(IdxImportForm, { props: { onimport: () => {}, busy: false } }).body;
    const images = render(ImageImportForm, { props: { onimport: () => {}, busy: false, images: {} as ImageWorker } }).body;
    expect(input(idx, 'import-name')).toContain(`maxlength="${MAX_NAME_LENGTH}"`);
    expect(input(images, 'images-name')).toContain(`maxlength="${MAX_NAME_LENGTH}"`);
  });
});
