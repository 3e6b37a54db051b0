import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { LossloopState } from './lib/state/app.svelte';
import { readBackendWishes } from './lib/state/backendPreference';

// ?backend=webgpu|webgl|wasm|cpu forces a backend, over the one remembered in this browser (each is
// tried first; a fallback is shown, never silent).
const app = new LossloopState();
void app.start(readBackendWishes(new URL(location.href)), new URL('demo/', document.baseURI).href);
mount(App, { target: document.getElementById('app')!, props: { app } });

// ?faults exposes the state to end-to-end tests that inject failures (a lost GPU device).
if (new URLSearchParams(location.search).has('faults')) (window as unknown as { lossloop: LossloopState }).lossloop = app;

// The built app works offline after its first load (src/offline/serviceWorker.ts). Not in the dev
// server, whose modules change on every edit and must never be served from a cache.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker
    .register(`${import.meta.env.BASE_URL}sw.js`)
    .catch((error: unknown) => console.warn('lossloop will not work offline: the service worker did not register.', error));
}
