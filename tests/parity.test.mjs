// Parity: the same fixture set through the native CLI (`check --format json`), the Node API,
// `npx seaworthy` (the CLI on WASI) and the wasm module in headless Chromium must give
// byte-identical reports.
//
// Run by scripts/test after scripts/build-npm:  node --test tests/
// SEAWORTHY_BIN overrides the native binary (default: target/debug/seaworthy).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'parity');
const require = createRequire(import.meta.url);
const NATIVE = process.env.SEAWORTHY_BIN || join(resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'debug', 'seaworthy');

// The fixtures' team policy: the CLI and npx find it next to the files, the JS API gets its text.
const POLICY = readFileSync(join(FIXTURES, '.seaworthy.toml'), 'utf8');
const names = readdirSync(FIXTURES).filter((n) => !n.startsWith('.')).sort();
// The CLI finds the .dockerignore next to the Dockerfiles by itself; the JS surfaces are given it.
const files = [...names, '.dockerignore'].map((path) => ({ path, content: readFileSync(join(FIXTURES, path), 'utf8') }));
const expectJson = (report) => JSON.stringify(report, null, 2) + '\n';

function cli(cmd, args) {
  const r = spawnSync(cmd[0], [...cmd.slice(1), ...args], { cwd: FIXTURES, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

const native = cli([NATIVE], ['check', '--format', 'json', ...names]);

test('the fixture set covers Dockerfiles, compose files and bad input', () => {
  assert.ok(names.some((n) => /compose/.test(n)) && names.some((n) => /Dockerfile/.test(n)));
  assert.ok(names.some((n) => /broken/.test(n)));
  assert.match(native.stderr, /not valid UTF-8/, 'one fixture is not UTF-8');
  const report = JSON.parse(native.stdout);
  assert.equal(report.policy.extends, 'recommended@2', 'the team policy is in force');
  const rules = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.rule.id)));
  assert.ok(rules.has('TEAM001') && rules.has('TEAM002'), 'custom Dockerfile and compose rules fire');
  assert.ok(rules.has('SWC510'), 'the policy\'s compose options turn on missing-service-label');
  assert.ok([...rules].some((r) => r.startsWith('SWC')), 'compose rules fire');
  assert.ok(rules.has('SWD031'), 'the .dockerignore is read: a COPY of a file it excludes is reported');
  assert.ok(!report.files.some((f) => f.path === '.dockerignore'), 'the .dockerignore is context, not a checked file');
});

test('Node API == native CLI', () => {
  const { lint } = require(join(ROOT, 'npm'));
  assert.equal(expectJson(lint(files, { policy: POLICY })), native.stdout);
});

test('npx seaworthy == native CLI, in every format', () => {
  const npx = [process.execPath, join(ROOT, 'npm', 'bin', 'seaworthy.js')];
  for (const format of ['json', 'text', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']) {
    const a = cli([NATIVE], ['check', '--format', format, ...names]);
    const b = cli(npx, ['check', '--format', format, ...names]);
    assert.equal(b.stdout, a.stdout, format);
    assert.equal(b.status, a.status, format);
  }
});

test('the order of the input files does not change the report', () => {
  const { lint } = require(join(ROOT, 'npm'));
  assert.equal(expectJson(lint([...files].reverse(), { policy: POLICY })), native.stdout);
});

test('wasm in headless Chromium == native CLI', async (t) => {
  const { chromium } = await import('playwright-core');
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><link rel="icon" href="data:,"><title>parity</title>');
      return;
    }
    const path = join(ROOT, 'npm', 'pkg', 'web', decodeURIComponent(req.url.split('?')[0]));
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const report = await page.evaluate(async ([files, policy]) => {
    const m = await import('/index.mjs');
    await m.default();
    return JSON.stringify(m.lint(files, { policy }), null, 2) + '\n';
  }, [files, POLICY]);
  assert.equal(report, native.stdout);
});
