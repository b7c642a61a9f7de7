#!/usr/bin/env node
// `npx seaworthy`: the native CLI itself, compiled to WebAssembly (wasm32-wasip1) and run on
// Node's WASI, so its commands, options, output formats and exit codes are the native CLI's.
'use strict';

const { chmodSync, readFileSync, statSync } = require('node:fs');
const path = require('node:path');

// Node prints an ExperimentalWarning when WASI is used; it is noise for a CLI's users.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === 'string' ? warning : warning && warning.message;
  if (typeof text === 'string' && text.includes('WASI')) return;
  return emitWarning.call(process, warning, ...rest);
};
const { WASI } = require('node:wasi');

// WASI has no file modes: `seaworthy fix` writes a temporary file and renames it over the
// original, which would reset the mode (an executable script would lose its x bit). Every
// path is relative to the one preopened directory, `/`, so the launcher reads the target of
// each rename, and gives the new file the mode the old one had.
function keepModeAcrossRename(wasiImports, getMemory) {
  const rename = wasiImports.path_rename;
  const decoder = new TextDecoder();
  wasiImports.path_rename = (oldFd, oldPtr, oldLen, newFd, newPtr, newLen) => {
    let target = null;
    let mode = null;
    try {
      const bytes = new Uint8Array(getMemory().buffer, newPtr, newLen);
      target = path.resolve('/', decoder.decode(bytes));
      mode = statSync(target).mode & 0o7777;
    } catch {
      mode = null; // a new file, or not decodable: nothing to keep
    }
    const errno = rename(oldFd, oldPtr, oldLen, newFd, newPtr, newLen);
    if (errno === 0 && mode !== null) {
      try {
        chmodSync(target, mode);
      } catch {
        // best effort, as natively
      }
    }
    return errno;
  };
}

async function main() {
  const wasmPath = path.join(__dirname, '..', 'pkg', 'cli', 'seaworthy.wasm');
  const wasi = new WASI({
    version: 'preview1',
    args: ['seaworthy', ...process.argv.slice(2)],
    // The CLI enters SEAWORTHY_WASI_CWD first, so relative paths resolve as they do natively.
    env: { ...process.env, SEAWORTHY_WASI_CWD: process.cwd() },
    preopens: { '/': '/' },
    returnOnExit: true,
  });
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const imports = wasi.getImportObject();
  let memory = null;
  keepModeAcrossRename(imports.wasi_snapshot_preview1, () => memory);
  const instance = await WebAssembly.instantiate(module, imports);
  memory = instance.exports.memory;
  const code = wasi.start(instance);
  return typeof code === 'number' ? code : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`seaworthy: internal error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 2;
  },
);
