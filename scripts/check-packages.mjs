// After `npm run build`: loads every published package through its exports map, as ESM (import) and as
// CommonJS (require), from outside the workspace sources, and checks that both expose the same names
// and ship their type declarations. Fails loudly on a broken build artefact.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
let failures = 0;
let checked = 0;

for (const dir of readdirSync(join(root, 'packages'))) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  const entries = Object.keys(manifest.exports ?? {});
  for (const entry of entries) {
    const specifier = entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`;
    const conditions = manifest.exports[entry];
    const problems = [];
    for (const condition of ['import', 'require']) {
      const types = conditions[condition]?.types;
      if (!types || !existsSync(join(root, 'packages', dir, types)))
        problems.push(`missing ${condition} types ${types}`);
    }
    let esmNames = [];
    let cjsNames = [];
    try {
      esmNames = Object.keys(await import(specifier)).sort();
    } catch (error) {
      problems.push(`import failed: ${error.message}`);
    }
    try {
      cjsNames = Object.keys(require(specifier))
        .filter((name) => name !== '__esModule')
        .sort();
    } catch (error) {
      problems.push(`require failed: ${error.message}`);
    }
    if (esmNames.join() !== cjsNames.join())
      problems.push(`ESM exports [${esmNames}] differ from CJS [${cjsNames}]`);
    checked++;
    if (problems.length > 0) failures++;
    process.stdout.write(
      `${problems.length ? 'FAIL' : 'ok  '} ${specifier}: ${esmNames.length} export(s)${problems.length ? `\n     ${problems.join('\n     ')}` : ''}\n`,
    );
  }
}
process.stdout.write(`package check: ${checked - failures} passed, ${failures} failed\n`);
process.exit(failures ? 1 : 0);
