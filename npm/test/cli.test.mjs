// `npx seaworthy`: the native CLI compiled to WASI. Same commands, formats and exit codes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.mjs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/seaworthy.js', import.meta.url));
const run = (args, opts = {}) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...opts });

function project() {
  const dir = tempDir('seaworthy-npx-');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN apk add curl\n');
  writeFileSync(join(dir, 'clean.Dockerfile'), 'FROM scratch\nCOPY app /app\nUSER 1000\nHEALTHCHECK CMD ["/app", "health"]\nCMD ["/app"]\n');
  return dir;
}

test('check: exit 1 with findings, relative paths as given, no warnings on stderr', () => {
  const dir = project();
  const r = run(['check', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^Dockerfile:2:/m);
  assert.equal(r.stderr, '');
});

test('check --fail-on error: exit 0 when only warnings remain', () => {
  const dir = project();
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN apk add curl\nUSER 1000\nHEALTHCHECK CMD ["true"]\n');
  const r = run(['check', '--fail-on', 'error', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('usage errors exit 2', () => {
  assert.equal(run(['check', '--format', 'nope', '.']).status, 2);
  const r = run(['check', 'does-not-exist']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /does-not-exist/);
});

test('every format is produced; json is the API report', async () => {
  const dir = project();
  for (const format of ['text', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']) {
    const r = run(['check', '--format', format, 'Dockerfile'], { cwd: dir });
    assert.equal(r.status, 1, `${format}: ${r.stderr}`);
    assert.ok(r.stdout.length > 0, format);
  }
  const { lint } = await import('seaworthy');
  const json = run(['check', '--format', 'json', 'Dockerfile'], { cwd: dir }).stdout;
  const api = lint([{ path: 'Dockerfile', content: readFileSync(join(dir, 'Dockerfile'), 'utf8') }]);
  assert.equal(json, JSON.stringify(api, null, 2) + '\n');
});

test('stdin with --stdin-filename', () => {
  const r = run(['check', '--format', 'json', '--stdin-filename', 'web/Dockerfile', '-'], { input: 'FROM ubuntu\n' });
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).files[0].path, 'web/Dockerfile');
});

test('fix writes the file, keeps its mode and line endings', () => {
  const dir = project();
  const file = join(dir, 'Dockerfile');
  writeFileSync(file, 'FROM alpine:3.20\r\nRUN apk add curl\r\n');
  chmodSync(file, 0o750);
  const r = run(['fix', 'Dockerfile'], { cwd: dir });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.equal(readFileSync(file, 'utf8'), 'FROM alpine:3.20\r\nRUN apk add --no-cache curl\r\n');
  assert.equal(statSync(file).mode & 0o777, 0o750);
});

test('fix --diff writes nothing', () => {
  const dir = project();
  const r = run(['fix', '--diff', 'Dockerfile'], { cwd: dir });
  assert.match(r.stdout, /\+RUN apk add --no-cache curl/);
  assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), 'FROM alpine:3.20\nRUN apk add curl\n');
});

test('rules, explain and --version', () => {
  assert.equal(run(['--version']).stdout.trim(), `seaworthy ${JSON.parse(readFileSync(new URL('../package.json', import.meta.url))).version}`);
  const rules = JSON.parse(run(['rules', '--format', 'json']).stdout);
  assert.ok(rules.length >= 100);
  const ex = run(['explain', rules[0].id]);
  assert.equal(ex.status, 0);
  assert.ok(ex.stdout.includes(rules[0].name));
  assert.equal(run(['explain', 'no-such-rule']).status, 2);
});
