// Starts the app. It is a file of its own rather than the inline script that
// Trunk would write, so that the page's Content-Security-Policy (index.html)
// can refuse every inline script.
//
// It also registers the service worker (sw.js), which keeps this build for
// use with no network. When a newer build has been installed and waits, and
// this page is the only one open, the newer build takes over and the page
// loads again before the app starts, so no page runs parts of two builds.
import init, * as bindings from './web.js';

/** Resolves once `worker` is in one of `states`. */
const reaches = (worker, states) =>
  new Promise((resolve) => {
    const check = () => states.includes(worker.state) && resolve(worker.state);
    worker.addEventListener('statechange', check);
    check();
  });

async function newerBuildTookOver() {
  const sw = navigator.serviceWorker;
  if (!sw?.controller) return false;
  const waiting = (await sw.getRegistration('./'))?.waiting;
  if (!waiting) return false;
  const channel = new MessageChannel();
  const answer = new Promise((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data === true);
  });
  waiting.postMessage('take-over-if-alone', [channel.port2]);
  // A waiting worker that a still newer one replaces never answers.
  if (!(await Promise.race([answer, reaches(waiting, ['redundant']).then(() => false)]))) return false;
  await reaches(waiting, ['activated', 'redundant']);
  return true;
}

if (await newerBuildTookOver()) {
  location.reload();
} else {
  await init({ module_or_path: './web_bg.wasm' });
  // For tests (a deliberate panic checks the error banner).
  window.wasmBindings = bindings;
  navigator.serviceWorker?.register('./sw.js').catch((e) => console.warn('No offline use:', e));
}
