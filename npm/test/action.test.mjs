// The GitHub Action's shell step (action.yml), run against this checkout: `npx` is replaced
// by a shim that runs npm/bin/seaworthy.js, so the step's logic is tested without GitHub.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.mjs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');

function stepScript() {
  const lines = action.split('\n');
  const at = lines.findIndex((l) => /^\s+run: \|$/.test(l));
  assert.ok(at > 0, 'action.yml has a run: | block');
  const body = [];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() !== '' && !l.startsWith('        ')) break;
    body.push(l.slice(8));
  }
  return body.join('\n');
}

function runStep(inputs) {
  const dir = tempDir('seaworthy-action-');
  const shim = join(dir, 'bin');
  spawnSync('mkdir', [shim]);
  // `npx --yes seaworthy@VERSION ARGS...` → node npm/bin/seaworthy.js ARGS...
  writeFileSync(join(shim, 'npx'), `#!/bin/sh\nshift 2\nexec "${process.execPath}" "${join(ROOT, 'npm', 'bin', 'seaworthy.js')}" "$@"\n`);
  chmodSync(join(shim, 'npx'), 0o755);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM ubuntu\nRUN apt-get install curl\n');
  const env = {
    ...process.env,
    PATH: `${shim}:${process.env.PATH}`,
    SEAWORTHY_PATHS: inputs.paths ?? '.',
    SEAWORTHY_FAIL_ON: inputs.failOn ?? 'warning',
    SEAWORTHY_MIN_SCORE: inputs.minScore ?? '',
    SEAWORTHY_SARIF: inputs.sarif ?? '',
    SEAWORTHY_VERSION: 'latest',
  };
  const r = spawnSync('bash', ['-c', stepScript()], { cwd: dir, env, encoding: 'utf8' });
  return { ...r, dir };
}

test('annotations for findings, and the step fails', () => {
  const r = runStep({});
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^::(error|warning) file=Dockerfile,line=\d+/m);
});

test('fail-on none passes; SARIF is written when asked', () => {
  const r = runStep({ failOn: 'none', sarif: 'out.sarif' });
  assert.equal(r.status, 0, r.stderr);
  const sarif = JSON.parse(readFileSync(join(r.dir, 'out.sarif'), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.length > 0);
});

test('min-score fails a low score even when fail-on is none', () => {
  const r = runStep({ failOn: 'none', minScore: '95' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
});
