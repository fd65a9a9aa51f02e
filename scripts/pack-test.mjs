// After `npm run build`: installs the packages as a user would and runs them.
//
// Packs every publishable package (packages/*, not private), installs the tarballs into a fresh app in
// the system temp folder, outside the workspace (so nothing resolves to the workspace's sources or
// node_modules), with their peers, from the local npm cache (`--offline`: the workspace's
// `npm install` put every peer there). Then, without middy (not installed):
//   - an ESM TypeScript handler, compiled by the app's own `tsc` with `strict`, NodeNext resolution
//     and lib checking on, runs on the local durable runner through the packed
//     `@durable-powertools/testing`;
//   - a CommonJS handler (`require`) runs the same way through the testing package's CJS build.
// Each run crosses invocations (a real 1 s wait); the assertions below are this script's own model of
// the workflow: each log record once, with the execution ARN; the metric counted once; the result.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { packPackages, publicPackages, readJson, root } from './packages.mjs';

const started = performance.now();
// The app's sources: src/ (ESM TypeScript), cjs/ (CommonJS), tsconfig.json.
const fixture = join(import.meta.dirname, 'pack-test-app');
/** What each runner reports about the other entry points it loaded. */
const EXPECTED_EXPORTS = {
  makeDurableIdempotent: 'function',
  DurableTracerPlugin: 'function',
  pluginProvider: 'object',
};
const keep = process.argv.includes('--keep');
const app = mkdtempSync(join(tmpdir(), 'durable-powertools-pack-test-'));
const installedVersion = (name) =>
  readJson(join(root, 'node_modules', name, 'package.json')).version;
// The workspace's Node 22 (npm package `node`) first, as npm scripts have it.
const env = {
  ...process.env,
  PATH: [dirname(process.execPath), join(root, 'node_modules/.bin'), process.env.PATH].join(
    delimiter,
  ),
};
const sh = (command, args) => {
  try {
    return execFileSync(command, args, { cwd: app, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${app}:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
};
const file = (path, text) => {
  mkdirSync(dirname(join(app, path)), { recursive: true });
  writeFileSync(join(app, path), text);
};

/**
 * A lockfile for `manifest` holding, from the workspace's package-lock.json, the packages `names`
 * resolve to and everything they need (dependencies, optional dependencies, required peers), at the
 * same locations.
 */
function lockfileFor(manifest, names) {
  const locked = readJson(join(root, 'package-lock.json')).packages;
  // Node's lookup: <from>/node_modules/<name>, then each enclosing node_modules up to the root.
  const locate = (from, name) => {
    for (let base = from; ; ) {
      const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (locked[candidate] && !locked[candidate].link) return candidate;
      if (!base) return undefined;
      const parent = base.lastIndexOf('/node_modules/');
      base = parent === -1 ? '' : base.slice(0, parent);
    }
  };
  const packages = {
    '': {
      name: manifest.name,
      dependencies: manifest.dependencies,
      devDependencies: manifest.devDependencies,
    },
  };
  const queue = names.map((name) => {
    const location = locate('', name);
    if (!location) throw new Error(`${name} is not in the workspace's package-lock.json`);
    return location;
  });
  while (queue.length > 0) {
    const location = queue.shift();
    if (packages[location]) continue;
    const { dev, devOptional, peer, ...entry } = locked[location];
    packages[location] = entry;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const needed = [
      ...Object.keys(entry.dependencies ?? {}).map((name) => [name, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name) => [name, true]),
      ...Object.keys(entry.peerDependencies ?? {})
        .filter((name) => !optionalPeers[name]?.optional)
        .map((name) => [name, false]),
    ];
    for (const [name, optional] of needed) {
      const found = locate(location, name);
      if (found) queue.push(found);
      else if (!optional)
        throw new Error(`${location} needs ${name}, absent from package-lock.json`);
    }
  }
  return { name: manifest.name, lockfileVersion: 3, requires: true, packages };
}

/** The lockfile entry of a packed package, installed from its tarball. */
function lockEntry({ manifest, tarball }) {
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const entry = {
    version: manifest.version,
    resolved: `file:tarballs/${basename(tarball)}`,
    integrity,
    license: manifest.license,
  };
  for (const key of ['dependencies', 'peerDependencies', 'peerDependenciesMeta', 'engines'])
    if (manifest[key]) entry[key] = manifest[key];
  return entry;
}

try {
  // Prepare: tarballs, and an app depending on them and on their peers (never on middy).
  mkdirSync(join(app, 'tarballs'));
  const packed = packPackages(publicPackages(), join(app, 'tarballs'));
  const tarballs = Object.fromEntries(
    packed.map((pkg) => [pkg.manifest.name, `file:tarballs/${basename(pkg.tarball)}`]),
  );
  const peers = new Set(
    packed.flatMap(({ manifest }) =>
      Object.keys(manifest.peerDependencies ?? {}).filter(
        (name) => !manifest.peerDependenciesMeta?.[name]?.optional,
      ),
    ),
  );
  const dependencies = { ...tarballs };
  for (const peer of peers) dependencies[peer] = installedVersion(peer);
  const manifest = {
    name: 'durable-powertools-pack-test',
    private: true,
    type: 'module',
    dependencies,
    devDependencies: {
      typescript: installedVersion('typescript'),
      '@types/node': installedVersion('@types/node'),
      // Lambda's types, as every TypeScript Lambda project has them (the SDK's, Powertools' and
      // our declarations name its Context).
      '@types/aws-lambda': installedVersion('@types/aws-lambda'),
    },
  };
  file('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  // Offline, npm can only install what is pinned in a lockfile (a fresh resolution asks the registry
  // for full metadata, which the cache does not hold): the app gets a complete lockfile, the tarballs
  // plus the slice of the workspace's lockfile that its registry dependencies need.
  const lockfile = lockfileFor(manifest, [...peers, ...Object.keys(manifest.devDependencies)]);
  for (const pkg of packed) lockfile.packages[`node_modules/${pkg.manifest.name}`] = lockEntry(pkg);
  file('package-lock.json', `${JSON.stringify(lockfile, null, 2)}\n`);
  cpSync(fixture, app, { recursive: true });

  // Act: install from the cache only, compile strictly, run both handlers.
  sh('npm', [
    'install',
    '--offline',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
  ]);
  assert.throws(
    () => sh(process.execPath, ['-e', "require.resolve('@middy/core')"]),
    /Cannot find module/,
    'middy must not be installed: the handlers run without it',
  );
  sh(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json']);
  const esm = JSON.parse(sh(process.execPath, ['dist/run.js']));
  const cjs = JSON.parse(sh(process.execPath, ['cjs/run.cjs']));

  // Assess: the workflow's own model, for both module systems.
  for (const [label, run, orderId] of [
    ['ESM TypeScript', esm, 'esm-1'],
    ['CommonJS', cjs, 'cjs-1'],
  ]) {
    assert.equal(run.status, 'SUCCEEDED', `${label}: status`);
    assert.deepEqual(run.result, { orderId, shipped: true }, `${label}: result`);
    assert.ok(
      run.invocations >= 2,
      `${label}: the 1 s wait ends an invocation (${run.invocations})`,
    );
    // The lines Powertools wrote, parsed here rather than by the package under test.
    const documents = run.lines.map((line) => JSON.parse(line));
    const records = documents.filter((document) => document._aws === undefined);
    const emf = documents.filter((document) => document._aws !== undefined);
    const executionArns = new Set(records.map((record) => record.execution_arn));
    assert.equal(executionArns.size, 1, `${label}: one execution_arn on every record`);
    assert.match(String([...executionArns][0]), /\S/, `${label}: execution_arn is set`);
    for (const message of ['order received', 'order shipped']) {
      const written = records.filter((record) => record.message === message);
      assert.equal(written.length, 1, `${label}: "${message}" written once across replays`);
    }
    const shipped = emf.flatMap((document) => document.ordersShipped ?? []);
    assert.deepEqual(shipped, [1], `${label}: ordersShipped published once`);
    assert.deepEqual(run.exports, EXPECTED_EXPORTS, `${label}: entry points load`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `pack test: ${packed.length} tarballs installed offline outside the workspace; ESM TypeScript ` +
      `(tsc strict) handler: ${esm.invocations} invocations, CommonJS handler: ${cjs.invocations} ` +
      `invocations, both SUCCEEDED with each record and metric once (${seconds} s)\n`,
  );
} finally {
  if (keep) process.stdout.write(`kept ${app}\n`);
  else rmSync(app, { recursive: true, force: true });
}
