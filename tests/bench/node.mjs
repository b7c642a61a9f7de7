// Node-wasm throughput: lints every file of DIR through the npm package's API, one file at a
// time (as the native `seaworthy bench` parse+lint does), best of 3, and prints MB/s.
//
//   node tests/bench/node.mjs [DIR] [--native MBPS]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const nativeAt = args.indexOf('--native');
const native = nativeAt >= 0 ? Number(args[nativeAt + 1]) : NaN;
const positional = args.filter((a, i) => !a.startsWith('--') && !(nativeAt >= 0 && i === nativeAt + 1));
const dir = resolve(positional[0] ?? join(ROOT, '..', 'shared', 'corpus', 'dockerfiles'));
const { lint } = createRequire(import.meta.url)(join(ROOT, 'npm'));

function walk(d, out = []) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

const files = walk(dir).map((p) => ({ path: p.endsWith('.yml') || p.endsWith('.yaml') ? p : 'Dockerfile', content: readFileSync(p, 'utf8') }));
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
const options = { scoreFixes: false };
lint(files.slice(0, 50).map((f) => [f]).flat(), options); // warm up the JIT
let best = Infinity;
for (let pass = 0; pass < 3; pass++) {
  const t0 = process.hrtime.bigint();
  for (const f of files) lint([f], options);
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
}
const mbps = bytes / 1e6 / (best / 1000);
let line = `node-wasm lint   ${String(Math.round(files.length / (best / 1000))).padStart(6)} files/s  ${mbps.toFixed(1).padStart(6)} MB/s  (best of 3: ${best.toFixed(1)} ms, ${files.length} files, report built, no fix scoring)`;
if (Number.isFinite(native)) line += `\nnative / node-wasm: ${(native / mbps).toFixed(2)}x (target: within 2x)`;
console.log(line);
