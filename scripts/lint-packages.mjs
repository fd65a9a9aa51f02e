// After `npm run build`: checks every publishable package (packages/*, not private) the way a
// consumer meets it, from the tarball `npm pack` makes:
//   - package.json metadata: license, author, repository (with directory), homepage, bugs, keywords,
//     sideEffects, engines and publishConfig, consistent with the root package.json;
//   - the tarball holds LICENSE (the root's MIT-0 text), README.md and lib, and no sources or tests;
//   - sideEffects is honest: an entry point that adds globals when imported (ESM) or required (CJS)
//     must be listed as side-effectful;
//   - publint --strict reports nothing (no error, warning or suggestion);
//   - @arethetypeswrong/cli (profile strict: node10, node16 CJS/ESM, bundler) reports no problem.
// `node scripts/lint-packages.mjs --write` fills the metadata derived from the root package.json
// (license, author, repository, homepage, bugs, engines, publishConfig) in every package and copies the
// root LICENSE into it; keywords and sideEffects are the package author's to write.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packPackages, publicPackages, readJson, root } from './packages.mjs';

const run = promisify(execFile);
const write = process.argv.includes('--write');
const rootManifest = readJson(join(root, 'package.json'));
const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8');
const repositoryUrl = rootManifest.repository.url; // git+https://github.com/<owner>/<repo>.git
const repositoryWeb = repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, '');

/** What the root package.json implies for the package in packages/<dir>. */
const derivedMetadata = (dir) => ({
  license: rootManifest.license,
  author: rootManifest.author,
  repository: { type: 'git', url: repositoryUrl, directory: `packages/${dir}` },
  homepage: `${repositoryWeb}/tree/main/packages/${dir}#readme`,
  bugs: rootManifest.bugs,
  engines: rootManifest.engines,
  publishConfig: { access: 'public' },
});

const metadataProblems = ({ dir, manifest }) => {
  const problems = [];
  for (const [key, expected] of Object.entries(derivedMetadata(dir))) {
    if (JSON.stringify(manifest[key]) !== JSON.stringify(expected))
      problems.push(
        `package.json "${key}" is ${JSON.stringify(manifest[key])}, expected ${JSON.stringify(expected)} (run node scripts/lint-packages.mjs --write)`,
      );
  }
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0)
    problems.push('package.json "keywords" is missing: list what the package is about');
  const sideEffects = manifest.sideEffects;
  const validSideEffects =
    typeof sideEffects === 'boolean' ||
    (Array.isArray(sideEffects) && sideEffects.every((glob) => glob.startsWith('./')));
  if (!validSideEffects)
    problems.push(
      'package.json "sideEffects" must be false, true or a list of "./"-relative globs of the files that change global state when loaded',
    );
  return problems;
};

if (write) {
  for (const pkg of publicPackages()) {
    const file = join(pkg.path, 'package.json');
    const updated = { ...readJson(file), ...derivedMetadata(pkg.dir) };
    writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
    writeFileSync(join(pkg.path, 'LICENSE'), rootLicense);
  }
}

/** `./lib/chunk-*.js`-style globs of package.json "sideEffects" as a regular expression. */
const globToRegExp = (glob) => {
  const segment = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*');
  return new RegExp(`^${glob.replace(/^\.\//, '').split('**').map(segment).join('.*')}$`);
};

const isDeclaredSideEffectful = (sideEffects, file) =>
  sideEffects === true ||
  (Array.isArray(sideEffects) && sideEffects.some((glob) => globToRegExp(glob).test(file)));

/**
 * Loads `specifier` in a fresh Node process, after its dependencies, and returns the names of the
 * globals it added (own string and symbol keys of `globalThis`).
 */
const globalsAddedBy = async (specifier, condition, dependencies) => {
  const probe = `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
    const load = (id) => (${JSON.stringify(condition)} === 'require' ? require(id) : import(id));
    for (const id of ${JSON.stringify(dependencies)}) {
      try { await load(id); } catch {}
    }
    const keys = () => [...Object.getOwnPropertyNames(globalThis), ...Object.getOwnPropertySymbols(globalThis)];
    const before = new Set(keys());
    await load(${JSON.stringify(specifier)});
    process.stdout.write(JSON.stringify(keys().filter((key) => !before.has(key)).map(String)));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', probe], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(stdout);
};

const sideEffectProblems = async ({ manifest }) => {
  const problems = [];
  const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  for (const [entry, conditions] of Object.entries(manifest.exports ?? {})) {
    const specifier = entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`;
    for (const condition of ['import', 'require']) {
      const file = conditions[condition]?.default?.replace(/^\.\//, '');
      if (!file) continue;
      const added = await globalsAddedBy(specifier, condition, dependencies);
      if (added.length > 0 && !isDeclaredSideEffectful(manifest.sideEffects, file))
        problems.push(
          `${condition} of ${specifier} (${file}) adds globals [${added.join(', ')}] but "sideEffects" does not list ./${file}`,
        );
    }
  }
  return problems;
};

const contentProblems = ({ tarball, files, manifest }) => {
  const problems = [];
  for (const required of ['LICENSE', 'README.md', 'package.json'])
    if (!files.includes(required)) problems.push(`tarball lacks ${required}`);
  if (!files.some((file) => file.startsWith('lib/')))
    problems.push('tarball lacks lib/ (build first)');
  const stray = files.filter((file) => /^(src|tests|bench)\//.test(file));
  if (stray.length > 0) problems.push(`tarball ships ${stray.join(', ')}`);
  if (files.includes('LICENSE')) {
    const license = execFileSync('tar', ['-xOzf', tarball, 'package/LICENSE'], {
      encoding: 'utf8',
    });
    if (license !== rootLicense) problems.push('LICENSE differs from the root LICENSE');
  }
  if (Array.isArray(manifest.sideEffects)) {
    for (const glob of manifest.sideEffects)
      if (!files.some((file) => globToRegExp(glob).test(file)))
        problems.push(`"sideEffects" glob ${glob} matches no file in the tarball`);
  }
  return problems;
};

const publintProblems = async ({ tarball }) => {
  const buffer = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) },
    strict: true,
    level: 'suggestion',
  });
  return messages.map(
    (message) => `publint ${message.type}: ${formatMessage(message, pkg, { color: false })}`,
  );
};

const attwProblems = async ({ tarball }) => {
  let output;
  try {
    ({ stdout: output } = await run(
      join(root, 'node_modules/.bin/attw'),
      [tarball, '--format', 'json', '--profile', 'strict', '--no-definitely-typed'],
      { encoding: 'utf8' },
    ));
  } catch (error) {
    output = error.stdout;
    if (!output) return [`attw failed: ${error.stderr || error.message}`];
  }
  const report = JSON.parse(output);
  const problems = Object.values(report.analysis.problems ?? report.problems ?? {}).flat();
  const resolutions = Object.entries(report.analysis.entrypoints).map(
    ([entry, { resolutions }]) => `${entry} [${Object.keys(resolutions).join(', ')}]`,
  );
  return problems.length > 0
    ? problems.map((problem) => `attw ${problem.kind}: ${JSON.stringify(problem)}`)
    : { resolutions };
};

const destination = mkdtempSync(join(tmpdir(), 'durable-powertools-lint-'));
let failed = 0;
try {
  const packed = packPackages(publicPackages(), destination);
  // Packages are checked concurrently (each check spawns processes) and reported in order.
  const reports = await Promise.all(
    packed.map(async (pkg) => {
      const [attw, sideEffects, publintMessages] = await Promise.all([
        attwProblems(pkg),
        sideEffectProblems(pkg),
        publintProblems(pkg),
      ]);
      const problems = [
        ...metadataProblems(pkg),
        ...contentProblems(pkg),
        ...sideEffects,
        ...publintMessages,
        ...(Array.isArray(attw) ? attw : []),
      ];
      return problems.length > 0
        ? `FAIL ${pkg.manifest.name}\n     ${problems.join('\n     ')}\n`
        : `ok   ${pkg.manifest.name} (${pkg.files.length} files): publint --strict clean, attw clean for ${attw.resolutions.join('; ')}\n`;
    }),
  );
  for (const report of reports) {
    if (report.startsWith('FAIL')) failed++;
    process.stdout.write(report);
  }
  process.stdout.write(`package lint: ${packed.length - failed} passed, ${failed} failed\n`);
} finally {
  rmSync(destination, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
