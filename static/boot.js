// Starts the app. It is a file of its own rather than the inline script that
// Trunk would write, so that the page's Content-Security-Policy (index.html)
// can refuse every inline script.
import init, * as bindings from './web.js';

await init({ module_or_path: './web_bg.wasm' });
// For tests (a deliberate panic checks the error banner).
window.wasmBindings = bindings;
