// The workspace's publishable packages (every packages/*/package.json that is not private), and
// `npm pack` for them. Shared by lint-packages.mjs and pack-test.mjs, so that a package added under
// packages/ is checked without editing a list.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

/** Reads a JSON file. */
export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/**
 * Every non-private package under packages/: `{ dir, path, manifest }`, `dir` being the folder name
 * and `path` the absolute folder.
 */
export const publicPackages = () =>
  readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ dir: entry.name, path: join(root, 'packages', entry.name) }))
    .filter(({ path }) => existsSync(join(path, 'package.json')))
    .map((pkg) => ({ ...pkg, manifest: readJson(join(pkg.path, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));

/**
 * Packs `packages` (from {@link publicPackages}, built beforehand) into `destination` with one
 * `npm pack` call and returns, per package, the tarball path and the files it holds.
 */
export const packPackages = (packages, destination) => {
  const args = ['pack', '--json', '--pack-destination', destination];
  for (const { dir } of packages) args.push('--workspace', `packages/${dir}`);
  const packed = JSON.parse(
    execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  return packages.map((pkg) => {
    const entry = packed.find((candidate) => candidate.name === pkg.manifest.name);
    if (!entry) throw new Error(`npm pack did not report ${pkg.manifest.name}`);
    return {
      ...pkg,
      tarball: join(destination, entry.filename),
      files: entry.files.map((file) => file.path),
    };
  });
};
