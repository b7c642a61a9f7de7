// ESM entry point for Node: the same module as `require('seaworthy')`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wasm = require('./pkg/node/index.cjs');

export const lint = wasm.lint;
export const fix = wasm.fix;
export const rules = wasm.rules;
export const validatePolicy = wasm.validatePolicy;
export const version = wasm.version;
export default wasm;
