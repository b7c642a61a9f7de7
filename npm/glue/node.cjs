// The Node entry point of the package (CommonJS; ../../index.mjs re-exports it as ESM).
// scripts/build-npm copies this file to pkg/node/index.cjs, next to the module wasm-bindgen
// generates (seaworthy_wasm.js) and the rule docs (rule-docs.json).
//
// Values cross into the wasm module as JSON text and come back as JSON text: one
// JSON.stringify and one JSON.parse per call, instead of a conversion value by value.
// The rule docs are not compiled into the module; rules() adds them from rule-docs.json.
'use strict';

const wasm = require('./seaworthy_wasm.js');

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

let docs;
const ruleDocs = () => (docs ??= require('./rule-docs.json'));

exports.lint = (files, options) => JSON.parse(wasm.lint(utf8(json(files)), json(options)));
exports.fix = (files, options) => JSON.parse(wasm.fix(utf8(json(files)), json(options)));
exports.validatePolicy = (policy) => JSON.parse(wasm.validatePolicy(policy));
exports.rules = () => {
  const d = ruleDocs();
  return JSON.parse(wasm.rules()).map((r) => ({ ...r, docs: d[r.id] ?? r.docs }));
};
exports.version = () => wasm.version();
