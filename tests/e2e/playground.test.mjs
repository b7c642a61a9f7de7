// End-to-end tests of the playground (web/) in headless Chromium, driven by playwright-core.
// Serves dist/ (build it first: `trunk build --release`) with a small Node server on 127.0.0.1
// and checks the core experience, the share links, the policy and compose UI, the budgets
// (transfer size, first report, re-check time) and that no request leaves the page's origin.
//
//   node --test tests/e2e/            (scripts/test runs it after the trunk build)
//
// Screenshots go to target/e2e-artifacts/. CHROMIUM overrides /usr/bin/chromium.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BUDGET_BYTES, report as sizeReport, sizes } from './sizes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist');
const ART = join(ROOT, 'target', 'e2e-artifacts');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

let server;
let origin;
let ctx;
let profile;
const requests = [];
const problems = [];

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/ is missing: run `trunk build --release` first');
  mkdirSync(ART, { recursive: true });
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), 'seaworthy-e2e-'));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-extensions'],
  });
});

after(async () => {
  await ctx?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(url = `${origin}/`) {
  const page = await ctx.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('#score[data-ready="true"]');
  return page;
}

const BAD = `FROM node:latest
MAINTAINER Platform Team <platform@example.com>
WORKDIR app
ADD package.json package-lock.json ./
RUN npm install
ADD . .
EXPOSE 3000
CMD node server.js
`;

async function score(page) {
  return Number(await page.textContent('#score-value'));
}

/** Runs `action`, then waits until the workspace changed and both check phases caught up. */
async function change(page, action) {
  const rev = Number(await page.getAttribute('#report', 'data-rev'));
  await action();
  await page.waitForFunction((r) => {
    const d = document.querySelector('#report').dataset;
    return Number(d.rev) > r && d.rev === d.checkedRev && d.full === 'true';
  }, rev);
}

async function fillEditor(page, text) {
  await change(page, () => page.fill('#editor-input', text));
  assert.equal(await page.inputValue('#editor-input'), text);
}

test('loads, shows a report within budget, no console errors', async () => {
  // The machine is shared: a load over budget is retried (up to 3 loads; the first is cold).
  const times = [];
  let page;
  for (let i = 0; i < 3; i++) {
    page = await open();
    times.push(await page.evaluate(() => window.seaworthy?.firstReportMs));
    if (times.at(-1) <= 1000) break;
    await page.close();
  }
  console.log(`# first report rendered ${times.map((t) => t.toFixed(0)).join(' ms, ')} ms after navigation (budget 1000 ms; cold load first)`);
  assert.ok(times.at(-1) > 0 && times.at(-1) <= 1000, `first report after ${times.join(', ')} ms`);
  assert.match(await page.textContent('h1'), /Seaworthy/);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+';/, 'the loader is allowed by its hash');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  assert.ok((await page.$$('.example')).length >= 5, 'the gallery shows the examples');
  await page.screenshot({ path: join(ART, 'loaded.png'), fullPage: true });
  // Responsive: one column on a phone, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px on a phone`);
  await page.screenshot({ path: join(ART, 'phone.png') });
  await page.close();
});

test('a bad Dockerfile gets a grade; one fix raises the score; all safe fixes reach the promised score; undo', async () => {
  const page = await open();
  await fillEditor(page, BAD);
  await page.waitForSelector('.finding[data-rule="SWD102"]');
  const grade = await page.textContent('#grade');
  assert.match(grade, /^[DF]$/, `a bad Dockerfile grades D or F, got ${grade}`);
  const before = await score(page);
  assert.ok((await page.$$('.gl .gm')).length > 0, 'the gutter marks lines with findings');
  assert.ok((await page.$$('.hl .mk')).length > 0, 'the text under findings is marked');

  // Hover a gutter marker: its tooltip shows the finding.
  await page.hover('.gl .gm');
  assert.ok(await page.isVisible('.gl .gm .tip'));

  // The details panel: docs and the fix preview.
  const maint = '.finding[data-rule="SWD302"]';
  await page.click(`${maint} .more`);
  await page.waitForSelector(`${maint} .details .diff`);
  assert.match(await page.textContent(`${maint} .details`), /hadolint:DL4000/);
  // The rule's docs are fetched from the page's origin (docs.json) when the details open.
  await page.waitForFunction((sel) => /What it does/.test(document.querySelector(sel)?.textContent ?? ''), `${maint} .details`);
  await page.screenshot({ path: join(ART, 'findings.png'), fullPage: true });

  await change(page, () => page.click(`${maint} .apply`));
  const afterOne = await score(page);
  assert.ok(afterOne > before, `one fix: ${before} -> ${afterOne}`);
  assert.doesNotMatch(await page.inputValue('#editor-input'), /MAINTAINER/);

  const promised = Number(await page.getAttribute('#after-fix', 'data-after-safe'));
  assert.ok(promised > afterOne, `safe fixes promise ${promised} > ${afterOne}`);
  await change(page, () => page.click('#apply-all'));
  assert.equal(await score(page), promised);
  assert.doesNotMatch(await page.inputValue('#editor-input'), /^ADD package/m);

  // Undo with Ctrl-Z outside the editor, redo with Ctrl-Shift-Z, and the buttons.
  await page.click('h1');
  await change(page, () => page.keyboard.press('Control+z'));
  assert.equal(await score(page), afterOne);
  await change(page, () => page.keyboard.press('Control+Shift+z'));
  assert.equal(await score(page), promised);
  await change(page, () => page.click('#undo'));
  await change(page, () => page.click('#undo'));
  assert.equal(await score(page), before);
  assert.equal(await page.inputValue('#editor-input'), BAD);
  await page.close();
});

test('share link round trip, and a damaged link is an error state', async () => {
  const page = await open();
  await fillEditor(page, BAD + '# é 😀\n');
  await page.selectOption('#preset', 'strict');
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  assert.ok(link.startsWith(`${origin}/#s=`), link);
  await page.close();

  const again = await open(link);
  assert.equal(await again.inputValue('#editor-input'), BAD + '# é 😀\n');
  assert.equal(await again.inputValue('#preset'), 'strict');
  await again.close();

  const broken = await open(`${origin}/#s=not*valid`);
  assert.match(await broken.textContent('#banner'), /Could not open the shared link/);
  await broken.close();
});

test('policy picker and team policy change the report; policy errors inline', async () => {
  const page = await open();
  await fillEditor(page, BAD);
  const scores = {};
  for (const preset of ['minimal', 'strict', 'recommended']) {
    await page.selectOption('#preset', preset);
    await page.waitForFunction((p) => document.querySelector('#policy-note')?.textContent.includes(p), preset);
    await page.waitForSelector('#score[data-ready="true"]');
    await page.waitForTimeout(400);
    scores[preset] = Number(await page.textContent('#score-value'));
  }
  assert.ok(scores.minimal >= scores.recommended && scores.recommended >= scores.strict, JSON.stringify(scores));
  assert.ok(scores.minimal > scores.strict, JSON.stringify(scores));
  await page.fill('#team-policy', 'extends = "recommended@1"\n[rulez]\n');
  await page.waitForSelector('#policy-errors');
  assert.match(await page.textContent('#policy-errors'), /2/);
  await page.fill('#team-policy', 'extends = "minimal@1"\n');
  await page.waitForFunction(() => !document.querySelector('#policy-errors'));
  await page.waitForTimeout(400);
  assert.equal(Number(await page.textContent('#score-value')), scores.minimal);
  await page.close();
});

test('compose tab: YAML errors inline, the compose example, extra files', async () => {
  const page = await open();
  // Keyboard: arrow keys move between the tabs.
  await page.focus('#tab-0');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-1');
  assert.equal(await page.getAttribute('.tab[data-path="compose.yaml"]', 'aria-selected'), 'true');
  await fillEditor(page, 'services:\n\tweb:\n    image: "nginx\n');
  await page.waitForSelector('#yaml-errors');
  assert.match(await page.textContent('#yaml-errors'), /line 2: .*tabs/);
  assert.match(await page.textContent('#yaml-errors'), /line 3: Unterminated/);
  assert.ok((await page.$$('.gl .gm.sev-error')).length >= 2);

  await page.click('.example[data-example="compose"]');
  await page.waitForSelector('.tab[data-path=".env"]');
  await page.click('.tab[data-path="compose.yaml"]');
  await page.waitForSelector('#compose-note');
  assert.equal(await page.$('#yaml-errors'), null);
  assert.ok((await page.$$('.hl .t-key')).length > 5, 'YAML keys are highlighted');
  await page.screenshot({ path: join(ART, 'compose.png'), fullPage: true });

  await page.selectOption('#add-file', '0');
  await page.waitForSelector('.tab[data-path="worker.Dockerfile"][aria-selected="true"]');
  await page.click('.tab-wrap:has(.tab[data-path="worker.Dockerfile"]) .close');
  await page.waitForFunction(() => !document.querySelector('.tab[data-path="worker.Dockerfile"]'));
  await page.close();
});

test('error and empty states: not a Dockerfile, an empty file', async () => {
  const page = await open();
  await fillEditor(page, 'services:\n  web:\n    image: nginx\n');
  await page.waitForSelector('#not-dockerfile');
  await fillEditor(page, '');
  await page.waitForSelector('#empty-state');
  await page.click('#theme');
  await page.click('#theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.screenshot({ path: join(ART, 'empty-dark.png'), fullPage: true });
  await page.click('#theme');
  await page.close();
});

test('copy the report as Markdown and JSON', async () => {
  const page = await open();
  await page.click('#copy-md');
  assert.match(await page.inputValue('#export-out'), /^## Seaworthy report/);
  await page.click('#copy-json');
  const json = JSON.parse(await page.inputValue('#export-out'));
  assert.equal(json.schema_version, 1);
  assert.equal(json.position_encoding, 'utf16');
  await page.close();
});

test('re-check + render of a 300-line Dockerfile (target 16 ms)', async () => {
  const page = await open();
  const lines = ['# syntax=docker/dockerfile:1', 'FROM node:20-bookworm AS build', 'WORKDIR /app'];
  for (let i = 0; lines.length < 299; i++) {
    lines.push(`RUN apt-get update && apt-get install -y curl-${i} && echo "step ${i}" | tee /tmp/log-${i}`);
    lines.push(`COPY src/part-${i} /app/part-${i}`);
    lines.push(`ENV VAR_${i}=value-${i}`);
  }
  lines.push('CMD node server.js');
  const text = lines.slice(0, 300).join('\n') + '\n';
  await fillEditor(page, text);
  const samples = [];
  for (let i = 0; i < 7; i++) {
    await page.evaluate(() => { window.seaworthy.recheckMs = -1; });
    await page.focus('#editor-input');
    await page.keyboard.press('End');
    await page.keyboard.type(`# edit ${i}\n`);
    await page.waitForFunction(() => window.seaworthy.recheckMs >= 0);
    samples.push(await page.evaluate(() => window.seaworthy.recheckMs));
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const lint = await page.evaluate(() => window.seaworthy.lintMs);
  console.log(`# re-check + render, 300-line Dockerfile: median ${median.toFixed(1)} ms (samples ${samples.map((s) => s.toFixed(1)).join(', ')}; last lint ${lint.toFixed(1)} ms; target 16 ms)`);
  assert.match(await page.textContent('#timing'), /re-check \+ render: [\d.]+ ms/);
  // The 16 ms target is reported above; the assertion leaves room for a loaded shared machine.
  assert.ok(median < 100, `re-check + render took ${median} ms`);
  await page.close();
});

// Sizes are measured and printed (here and by scripts/bench-web, which says whether the 400 KB
// budget is met), not asserted: like speed, size is a benchmark figure (docs/benchmarks.md).
test('transfer sizes are measured and printed (budget: 400 KB gzip)', () => {
  const s = sizes(DIST);
  console.log(sizeReport(s).split('\n').map((l) => `# ${l}`).join('\n'));
  console.log(`# initial transfer ${s.total} bytes gzip: ${s.total <= BUDGET_BYTES ? 'within' : 'OVER'} the ${BUDGET_BYTES}-byte budget`);
  assert.ok(s.rows.some((r) => r.kind === 'wasm') && s.rows.some((r) => r.kind === 'js'), 'dist/ has the wasm and its JS');
});

test('no request left the page origin; no console errors', () => {
  assert.ok(requests.length > 0);
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
});
