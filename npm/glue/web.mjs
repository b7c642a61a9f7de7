// The browser/bundler entry point of the package (`seaworthy/web`). scripts/build-npm copies
// this file to pkg/web/index.mjs, next to the module wasm-bindgen generates
// (seaworthy_wasm.js + seaworthy_wasm_bg.wasm) and the rule docs (rule-docs.json).
//
// Values cross into the wasm module as JSON text and come back as JSON text (one
// JSON.stringify and one JSON.parse per call). The rule docs are not compiled into the module:
// init() fetches rule-docs.json next to this file while the module loads, and rules() adds them.
import wasmInit, * as wasm from './seaworthy_wasm.js';

// JSON.stringify writes a lone surrogate as an escape (`\ud800`), which serde_json rejects (it
// is not a character): it becomes U+FFFD, as when JS strings are encoded to UTF-8.
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/** `undefined` and `null` become '' (the defaults); anything else its JSON text. */
function json(v) {
  const s = v === undefined || v === null ? undefined : JSON.stringify(v);
  if (s === undefined) return '';
  return s.includes('\\ud') ? s.replace(LONE_SURROGATE, '$1\\ufffd') : s;
}

// The files' JSON text goes in as UTF-8 bytes: wasm-bindgen copies a Uint8Array into the
// module's memory in one call, where it copies a string parameter with a JS loop over its
// characters.
const encoder = new TextEncoder();
const utf8 = (text) => encoder.encode(text);

let docs = null;

async function loadDocs(source) {
  if (source && typeof source === 'object' && !(source instanceof URL) && !(typeof Request === 'function' && source instanceof Request)) {
    docs = source;
    return;
  }
  try {
    const res = await fetch(source ?? new URL('./rule-docs.json', import.meta.url));
    if (res.ok) docs = await res.json();
  } catch {
    // Without the docs file (e.g. not copied by a bundler), rules() gives empty docs.
  }
}

/**
 * Loads the wasm module (by default seaworthy_wasm_bg.wasm next to this file) and the rule
 * docs (`options.ruleDocs`: a URL or the parsed object; by default rule-docs.json next to this
 * file). Call once and await it before any other function.
 */
export default async function init(module_or_path, options = {}) {
  const [out] = await Promise.all([wasmInit(module_or_path), loadDocs(options.ruleDocs)]);
  return out;
}

/** Synchronous variant of `init` for bytes or a compiled module you already have. */
export function initSync(module, options = {}) {
  if (options.ruleDocs && typeof options.ruleDocs === 'object') docs = options.ruleDocs;
  return wasm.initSync(module);
}

export const lint = (files, options) => JSON.parse(wasm.lint(utf8(json(files)), json(options)));
export const fix = (files, options) => JSON.parse(wasm.fix(utf8(json(files)), json(options)));
export const validatePolicy = (policy) => JSON.parse(wasm.validatePolicy(policy));
export const rules = () => JSON.parse(wasm.rules()).map((r) => ({ ...r, docs: docs?.[r.id] ?? r.docs }));
export const version = () => wasm.version();
