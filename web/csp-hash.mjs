// Trunk post_build hook: Trunk injects an inline <script type="module"> that loads the wasm.
// The Content Security Policy allows no inline script except by hash, so compute the SHA-256
// of every inline script of the staged index.html and put the hashes in the CSP meta tag.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp-hash: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
if (!html.includes("'sha256-TRUNK_LOADER_HASH'")) {
  console.error('csp-hash: the CSP placeholder is missing from index.html');
  process.exit(1);
}
html = html.replace("'sha256-TRUNK_LOADER_HASH'", hashes.join(' ') || "'none'");
writeFileSync(file, html);
console.log(`csp-hash: ${hashes.length} inline script(s) allowed by hash`);
