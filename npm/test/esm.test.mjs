// The same API through ESM import, and the browser build (`seaworthy/web`) loaded in Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import seaworthy, { lint, fix, rules, version } from 'seaworthy';

const require = createRequire(import.meta.url);
const files = [{ path: 'Dockerfile', content: 'FROM ubuntu\nRUN apt-get install curl\n' }];

test('ESM named and default exports are the CommonJS module', () => {
  assert.equal(lint, seaworthy.lint);
  assert.equal(typeof fix, 'function');
  assert.equal(typeof rules, 'function');
  assert.equal(version(), require('../package.json').version);
  assert.deepEqual(lint(files), require('seaworthy').lint(files));
});

test('the web build gives the same report once initialised', async () => {
  const web = await import('seaworthy/web');
  const wasm = readFileSync(new URL('../pkg/web/seaworthy_wasm_bg.wasm', import.meta.url));
  const ruleDocs = JSON.parse(readFileSync(new URL('../pkg/web/rule-docs.json', import.meta.url), 'utf8'));
  web.initSync({ module: wasm }, { ruleDocs });
  assert.equal(JSON.stringify(web.lint(files)), JSON.stringify(lint(files)));
  assert.deepEqual(web.rules(), rules(), 'the same catalogue, docs included');
});
