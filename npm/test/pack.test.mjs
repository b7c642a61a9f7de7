// `npm pack` gives a tarball that installs into an empty directory, offline, and works there:
// the API from CommonJS and ESM, and the `seaworthy` bin.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.mjs';
import { fileURLToPath } from 'node:url';

const PKG_DIR = fileURLToPath(new URL('..', import.meta.url));
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

test('the packed tarball installs offline and works', () => {
  const out = tempDir('seaworthy-pack-');
  npm(['pack', '--pack-destination', out], PKG_DIR);
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');

  const app = tempDir('seaworthy-app-');
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }');
  npm(['install', '--offline', join(out, tarball)], app);

  const cjs = spawnSync(process.execPath, ['-e', `
    const s = require('seaworthy');
    const r = s.lint([{ path: 'Dockerfile', content: 'FROM ubuntu\\n' }]);
    console.log(r.files[0].diagnostics.length > 0 && s.rules().length > 0 ? 'ok' : 'bad');`], { cwd: app, encoding: 'utf8' });
  assert.equal(cjs.stdout.trim(), 'ok', cjs.stderr);

  const esm = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { lint, version } from 'seaworthy';
    console.log(lint([]).summary.files === 0 && version());`], { cwd: app, encoding: 'utf8' });
  assert.match(esm.stdout.trim(), /^\d+\.\d+\.\d+/, esm.stderr);

  writeFileSync(join(app, 'Dockerfile'), 'FROM ubuntu\n');
  const bin = spawnSync(join(app, 'node_modules', '.bin', 'seaworthy'), ['check', 'Dockerfile'], { cwd: app, encoding: 'utf8' });
  assert.equal(bin.status, 1, bin.stderr);
  assert.match(bin.stdout, /Dockerfile:1:/);
});
