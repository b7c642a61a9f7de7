// Node API throughput next to native, measuring the same work on both sides (issue #6: Node
// within 2x of native). One command prints every figure and the ratios:
//
//   node tests/bench/node.mjs [DIR] [--bin PATH] [--package DIR] [--rounds N] [--no-native]
//                                   [--wasi] [--native MBPS] [--files K] [--passes N]
//
// - node API: the npm package's `lint([{path: 'Dockerfile', content}], {scoreFixes: false})`,
//   one call per file of DIR (default ../shared/corpus/dockerfiles): JSON.stringify in the
//   glue, the wasm module's `lint` (lint + report + JSON text), JSON.parse. Best of 3 passes.
// - native api lint: `seaworthy bench --throughput DIR`, whose `api lint` line runs the very
//   Rust function the module's `lint` runs (`seaworthy::api::lint_json`) on the same requests,
//   natively (release build). Node API / native api lint is the like-for-like ratio.
// - native parse+lint: the same run's parse+lint line (findings only, no report, no JSON):
//   the older comparison, which is not the same work, printed for continuity.
// - --wasi: also `npx seaworthy bench --throughput DIR` (the CLI compiled to wasm32-wasip1, run
//   by Node's WASI): the wasm code alone, without the JS glue, for both lines.
//
// The native binary is --bin, else $SEAWORTHY_BIN, else release/seaworthy under
// $CARGO_TARGET_DIR (or target/), built with cargo when missing. The package is --package (the
// directory holding package.json; default npm/, built by scripts/build-npm). The native and Node
// measurements alternate for --rounds rounds (default 2) and the best of each is kept, so that a
// load spike on a shared machine hits both sides alike. Ratios are of CPU time when both sides
// report it (the native bench reads its thread's CPU time on Linux; Node's process.cpuUsage()
// also counts its GC and compiler threads, which can only flatter native), else of wall-clock
// time. --native MBPS skips the native run and compares with a figure measured elsewhere.
//
// For instruction counts (the shared machine's timings vary by ±30%): --files K keeps the first
// K files, and --passes N only runs N passes of the Node API over them, untimed, and exits.
// Under callgrind, the instructions of one pass are (count at N=3 − count at N=1) / 2:
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --no-liftoff \
//     tests/bench/node.mjs --files 300 --passes 3        (then --passes 1)
//
// (--no-liftoff compiles the whole module with the optimising compiler up front, so that the
// compilation is the same in both runs and cancels out.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname, isAbsolute } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VALUED = new Set(['--native', '--bin', '--package', '--rounds', '--files', '--passes']);
const args = process.argv.slice(2);
const opt = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const flag = (name) => args.includes(name);
const positional = args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1]));
const dir = resolve(positional[0] ?? join(ROOT, '..', 'shared', 'corpus', 'dockerfiles'));
const pkg = resolve(opt('--package') ?? join(ROOT, 'npm'));
const rounds = Math.max(1, Number(opt('--rounds') ?? 2));
const given = opt('--native') === undefined ? NaN : Number(opt('--native'));
const { lint } = createRequire(import.meta.url)(pkg);

// The files of DIR, read as the native bench reads them (not recursively, sorted by name).
const files = readdirSync(dir)
  .sort()
  .map((name) => join(dir, name))
  .filter((p) => statSync(p).isFile())
  .map((p) => ({ path: 'Dockerfile', content: readFileSync(p, 'utf8') }))
  .slice(0, opt('--files') === undefined ? undefined : Number(opt('--files')));
if (opt('--passes') !== undefined) {
  for (let pass = 0; pass < Number(opt('--passes')); pass++) for (const f of files) lint([f], { scoreFixes: false });
  process.exit(0);
}
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
const mbps = (ms) => bytes / 1e6 / (ms / 1000);
const fmt = (what, ms, note) =>
  `${what.padEnd(22)} ${String(Math.round(files.length / (ms / 1000))).padStart(6)} files/s ${mbps(ms).toFixed(1).padStart(6)} MB/s  (${ms.toFixed(1)} ms)  ${note}`;

/** Best wall-clock and CPU times (ms) of 3 passes of the Node API over the files. */
function nodeApi() {
  const options = { scoreFixes: false };
  for (const f of files.slice(0, 50)) lint([f], options); // warm up the JIT
  let wall = Infinity;
  let cpu = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const f of files) lint([f], options);
    wall = Math.min(wall, Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

function nativeBin() {
  const explicit = opt('--bin') ?? process.env.SEAWORTHY_BIN;
  if (explicit) return resolve(explicit);
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  const bin = join(isAbsolute(target) ? target : join(ROOT, target), 'release', 'seaworthy');
  if (!existsSync(bin)) {
    console.error(`building ${bin} (cargo build --release -p seaworthy-cli)`);
    execFileSync('cargo', ['build', '--release', '-q', '-p', 'seaworthy-cli'], { cwd: ROOT, stdio: 'inherit' });
  }
  return bin;
}

/** Runs `bench --throughput DIR`; returns its best wall-clock and CPU times (ms) by line. */
function benchLines(cmd, cmdArgs) {
  const out = execFileSync(cmd, [...cmdArgs, 'bench', '--throughput', dir], { cwd: ROOT, encoding: 'utf8' });
  const times = {};
  const msOf = (n, unit) => Number(n) * (unit === 's' ? 1000 : 1);
  const line = /^(parse\+lint|api lint)\s.*\(best of \d+: ([\d.]+) (ms|s)(?:; CPU ([\d.]+) (ms|s))?\)/gm;
  for (const m of out.matchAll(line)) {
    times[m[1]] = { wall: msOf(m[2], m[3]), cpu: m[4] === undefined ? NaN : msOf(m[4], m[5]) };
  }
  if (times['parse+lint'] === undefined || times['api lint'] === undefined) {
    throw new Error(`unexpected output of ${cmd} bench --throughput:\n${out}`);
  }
  return times;
}

const best = (a, b) => (a === undefined ? b : { wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });
const bin = Number.isFinite(given) || flag('--no-native') ? null : nativeBin();
let native = {};
let node;
for (let r = 0; r < rounds; r++) {
  if (bin) {
    const t = benchLines(bin, []);
    native = { lint: best(native.lint, t['parse+lint']), api: best(native.api, t['api lint']) };
  }
  node = best(node, nodeApi());
}

const cpuNote = (t) => (Number.isFinite(t.cpu) ? `; CPU ${t.cpu.toFixed(1)} ms` : '');
const show = (what, t, note) => console.log(fmt(what, t.wall, note).replace(' ms)', ` ms${cpuNote(t)})`));
/** The ratio of two measurements: of CPU times when both are known, else of wall-clock times. */
const ratio = (a, b) => {
  const cpu = Number.isFinite(a.cpu) && Number.isFinite(b.cpu);
  return `${(cpu ? a.cpu / b.cpu : a.wall / b.wall).toFixed(2)}x (${cpu ? 'CPU' : 'wall-clock'} time; wall-clock ${(a.wall / b.wall).toFixed(2)}x)`;
};
console.log(`corpus: ${dir}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB; best of ${rounds} round(s) of 3 passes`);
if (bin) {
  show('native parse+lint', native.lint, '(seaworthy bench: findings only)');
  show('native api lint', native.api, '(seaworthy::api::lint_json: JSON in, lint + report, JSON out)');
}
if (flag('--wasi')) {
  const wasi = benchLines(process.execPath, [join(pkg, 'bin', 'seaworthy.js')]);
  show('wasi parse+lint', wasi['parse+lint'], '(npx seaworthy bench: the CLI in wasm32-wasip1 on Node)');
  show('wasi api lint', wasi['api lint'], '(the same, API path: wasm code without the JS glue)');
  if (bin) {
    console.log(`wasi / native, parse+lint only:              ${ratio(wasi['parse+lint'], native.lint)}`);
    console.log(`wasi / native, api lint:                     ${ratio(wasi['api lint'], native.api)}`);
  }
}
show('node API lint', node, '(npm lint(): stringify, wasm lint, JSON.parse; no fix scoring)');
if (bin) {
  const same = Number.isFinite(node.cpu) && Number.isFinite(native.api.cpu) ? node.cpu / native.api.cpu : node.wall / native.api.wall;
  console.log(`node API / native api lint (same work):      ${ratio(node, native.api)}: target within 2x ${same <= 2 ? 'met' : 'NOT met'}`);
  console.log(`node API / native parse+lint (not the same): ${ratio(node, native.lint)} (the older comparison)`);
} else if (Number.isFinite(given)) {
  console.log(`native ${given} MB/s / node API: ${(given / mbps(node.wall)).toFixed(2)}x (wall-clock)`);
}
