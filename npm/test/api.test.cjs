// The Node API through require(): lint, fix, rules, version, typed errors.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const seaworthy = require('..');

const BAD = 'FROM node\nRUN npm install\nCMD npm start\n';

test('lint reports findings with positions, rule ids, help and docs links', () => {
  const report = seaworthy.lint([{ path: 'Dockerfile', content: BAD }]);
  assert.equal(report.schema_version, 1);
  assert.equal(report.files.length, 1);
  const file = report.files[0];
  assert.equal(file.kind, 'dockerfile');
  assert.ok(file.diagnostics.length > 0);
  for (const d of file.diagnostics) {
    assert.match(d.rule.id, /^SW[DC]\d{3}$/);
    assert.ok(d.message.length > 0 && d.help.length > 0);
    assert.ok(d.range.start.line >= 1 && d.range.start.column >= 1);
    assert.ok(d.url.endsWith(`${d.rule.name}.md`));
  }
  const untagged = file.diagnostics.find((d) => d.rule.name === 'untagged-base-image' || /tag/i.test(d.message));
  assert.ok(untagged, 'an untagged base image is reported');
  assert.equal(untagged.range.start.line, 1);
  assert.ok(report.summary.score < 100);
  assert.match(report.summary.grade, /^[A-F]$/);
});

test('a clean file scores 100', () => {
  const clean = [
    'FROM alpine:3.20@sha256:' + 'a'.repeat(64),
    'RUN addgroup -S app && adduser -S app -G app',
    'USER app',
    'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["true"]',
    'CMD ["sh", "-c", "echo ok"]',
    '',
  ].join('\n');
  const report = seaworthy.lint([{ path: 'Dockerfile', content: clean }]);
  assert.deepEqual(report.files[0].diagnostics.map((d) => d.rule.id), []);
  assert.equal(report.summary.score, 100);
});

test('positions can be UTF-16 code units for editors and browsers', () => {
  const src = 'FROM alpine:3.20\nRUN echo "🐳" && sudo apk add curl\n';
  const utf8 = seaworthy.lint([{ path: 'Dockerfile', content: src }]);
  const utf16 = seaworthy.lint([{ path: 'Dockerfile', content: src }], { positionEncoding: 'utf16' });
  assert.equal(utf16.position_encoding, 'utf16');
  const sudo8 = utf8.files[0].diagnostics.find((d) => d.rule.name === 'sudo-in-run');
  const sudo16 = utf16.files[0].diagnostics.find((d) => d.rule.name === 'sudo-in-run');
  assert.ok(sudo8 && sudo16);
  // The whale is 4 UTF-8 bytes and 2 UTF-16 code units.
  assert.equal(sudo8.range.start.column - sudo16.range.start.column, 2);
  assert.equal(src.slice(sudo16.range.start.offset, sudo16.range.start.offset + 4), 'sudo');
});

test('fix applies safe fixes only unless unsafeFixes is set', () => {
  const src = 'FROM alpine:3.20\nRUN apk add curl\n';
  const safe = seaworthy.fix([{ path: 'Dockerfile', content: src }]);
  assert.equal(safe.files[0].changed, true);
  assert.equal(safe.files[0].content, 'FROM alpine:3.20\nRUN apk add --no-cache curl\n');
  assert.deepEqual(safe.files[0].applied.map((a) => a.applicability), ['safe']);
  assert.ok(safe.report.summary.diagnostics < seaworthy.lint([{ path: 'Dockerfile', content: src }]).summary.diagnostics);
  const again = seaworthy.fix(safe.files.map(({ path, content }) => ({ path, content })));
  assert.equal(again.files[0].changed, false, 'fixing twice changes nothing');
});

test('rules() lists the catalogue with documentation', () => {
  const rules = seaworthy.rules();
  assert.ok(rules.length >= 100);
  const ids = new Set(rules.map((r) => r.id));
  assert.equal(ids.size, rules.length, 'ids are unique');
  for (const r of rules) {
    assert.ok(['dockerfile', 'compose'].includes(r.target));
    assert.ok(r.docs.length > 0 && typeof r.has_fix === 'boolean');
  }
});

test('a kind hint checks a file whose name does not tell', () => {
  const df = 'FROM node\nRUN npm install\n';
  const compose = 'services:\n  web:\n    image: nginx\n';
  const r = seaworthy.lint([
    { path: 'build/prod.txt', content: df, kind: 'dockerfile' },
    { path: 'deploy/stack.yml', content: compose, kind: 'compose' },
    { path: 'other/stack.yml', content: compose },
  ]);
  const get = (p) => r.files.find((f) => f.path === p);
  assert.equal(get('build/prod.txt').kind, 'dockerfile');
  assert.ok(get('build/prod.txt').diagnostics.some((d) => d.rule.id.startsWith('SWD')));
  assert.equal(get('deploy/stack.yml').kind, 'compose');
  assert.ok(get('deploy/stack.yml').diagnostics.some((d) => d.rule.id.startsWith('SWC')));
  assert.equal(get('other/stack.yml').kind, null, 'without a hint the name decides');
  assert.ok(!get('other/stack.yml').diagnostics.some((d) => d.rule.id.startsWith('SWC')));
  const fixed = seaworthy.fix([{ path: 'a.txt', content: 'FROM alpine:3.20\nRUN apk add curl\n', kind: 'dockerfile' }]);
  assert.match(fixed.files[0].content, /--no-cache/);
  assert.throws(() => seaworthy.lint([{ path: 'x', content: '', kind: 'makefile' }]), /^Error: invalid files/);
});

test('version() is the package version', () => {
  assert.equal(seaworthy.version(), require('../package.json').version);
});

test('bad input throws an Error with a message, never a crash', () => {
  assert.throws(() => seaworthy.lint('Dockerfile'), (e) => e instanceof Error && /files/.test(e.message));
  assert.throws(() => seaworthy.lint([{ path: 1, content: '' }]), (e) => e instanceof Error && /files/.test(e.message));
  assert.throws(() => seaworthy.lint([], { positionEncoding: 'utf-32' }), (e) => e instanceof Error && /options/.test(e.message));
  // Still usable after errors.
  assert.equal(seaworthy.lint([]).summary.files, 0);
});

test('arbitrary text never throws', () => {
  const inputs = ['', '\0\0\0', '\\\n'.repeat(1000), 'RUN <<EOF\n', 'FROM ' + 'a'.repeat(100000), '\uFEFF\r\n\r\n', '\uD800'];
  for (const content of inputs) {
    const r = seaworthy.lint([{ path: 'Dockerfile', content }]);
    assert.equal(r.files.length, 1);
  }
});

test('a policy selects rules: preset names and team policy text', () => {
  const files = [{ path: 'Dockerfile', content: 'FROM alpine:3.20\nRUN apk add curl\n' }];
  const ids = (policy) => seaworthy.lint(files, { policy }).files[0].diagnostics.map((d) => d.rule.id);
  const recommended = ids(undefined);
  assert.ok(ids('minimal').length < recommended.length);
  assert.deepEqual(ids('recommended@1'), recommended);
  const team = 'extends = "recommended@1"\n[rules]\nSWD404 = "off"\n';
  assert.ok(recommended.includes('SWD404') && !ids(team).includes('SWD404'));
  assert.equal(seaworthy.lint(files, { policy: team }).policy.extends, 'recommended@1');
});

test('the build context: a .dockerignore in the set and contextFiles', () => {
  const files = [
    { path: 'app/Dockerfile', content: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCOPY notes.md ./\n' },
    { path: 'app/.dockerignore', content: 'node_modules\n*.md\n' },
  ];
  const ids = (options) => seaworthy.lint(files, options).files.flatMap((f) => f.diagnostics.map((d) => d.rule.id));
  const report = seaworthy.lint(files, { policy: 'recommended', contextFiles: ['app/.env', 'app/.git/'] });
  assert.deepEqual(report.files.map((f) => f.path), ['app/Dockerfile'], 'the .dockerignore is not a checked file');
  const found = ids({ policy: 'recommended', contextFiles: ['app/.env', 'app/.git/'] });
  assert.ok(found.includes('SWD031') && found.includes('SWD505'), found.join(' '));
  // the default is the latest recommended (recommended@2), which lists the build-context rules;
  // a team pinned to recommended@1 does not get them; nothing known, nothing reported
  assert.ok(ids(undefined).includes('SWD031'));
  assert.ok(!ids({ policy: 'recommended@1' }).includes('SWD031'));
  assert.ok(!ids({ policy: 'recommended' }).includes('SWD505'));
  assert.throws(() => seaworthy.lint(files, { contextFiles: 'app/.env' }), /invalid options/);
});

test('validatePolicy gives positioned errors; an invalid policy makes lint throw', () => {
  assert.deepEqual(seaworthy.validatePolicy('strict'), []);
  const errors = seaworthy.validatePolicy('extends = "recommended@1"\n[rulez]\n');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 2);
  assert.match(errors[0].help ?? '', /rules/);
  assert.throws(() => seaworthy.lint([], { policy: '[rules]\nSWD9999 = "off"\n' }), /invalid policy:\n  2:/);
});
