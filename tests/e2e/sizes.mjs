// Transfer sizes of the playground build (dist/): what a first visit downloads, gzip -9.
// Used by scripts/bench-web and by the e2e test (budget: 400 KB for wasm + JS + CSS).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 400 * 1024;

export function sizes(dist) {
  const rows = [];
  for (const name of readdirSync(dist)) {
    const path = join(dist, name);
    if (!statSync(path).isFile()) continue;
    const kind = extname(name).slice(1);
    if (!['wasm', 'js', 'css', 'html'].includes(kind)) continue;
    const raw = readFileSync(path);
    rows.push({ name, kind, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length });
  }
  const counted = rows.filter((r) => r.kind !== 'html');
  const total = counted.reduce((a, r) => a + r.gzip, 0);
  return { rows, total };
}

export function report({ rows, total }) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const lines = rows.map((r) => `  ${r.kind.padEnd(5)} ${r.name.padEnd(44)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`);
  lines.push(`  initial transfer (wasm + JS + CSS, gzip): ${kb(total)} (budget ${kb(BUDGET_BYTES)}) ${total <= BUDGET_BYTES ? 'OK' : 'OVER BUDGET'}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] || 'dist';
  const s = sizes(dist);
  console.log(report(s));
  process.exit(s.total <= BUDGET_BYTES ? 0 : 1);
}
