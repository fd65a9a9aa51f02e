#!/usr/bin/env node
// Fails (exit 1, listing them) on:
//  (a) an import cycle inside one package's src/ (every import and export-from counts, type-only included);
//  (b) an import of a sibling utility package (@durable-powertools/logger|metrics|tracer|idempotency|
//      opentelemetry|batch) from another package's src/: only @durable-powertools/commons is shared.
//      packages/durable-testing is a test helper: its src/ may import @durable-powertools/commons only.
// Usage: node scripts/check-imports.mjs [repository root]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const SIBLINGS =
  /^@durable-powertools\/(logger|metrics|tracer|idempotency|opentelemetry|batch)(\/|$)/;
const SCOPE = /^@durable-powertools\/([^/]+)/;
// `import x from '...'`, `import type {...} from '...'`, `export * from '...'`, `import '...'`,
// `import('...')`; comments are stripped first so that examples in TSDoc do not count.
// Static forms only at the start of a line, so that a message quoting an import is not one.
const SPECIFIER =
  /(?:^[ \t]*import\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?|^[ \t]*export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+|\bimport\s*\(\s*)['"]([^'"]+)['"]/gm;

const stripComments = (source) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const filesUnder = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(m|c)?ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });

/** The source file a relative specifier names (`./x.js` is `./x.ts`, `./dir` is `./dir/index.ts`). */
const resolveRelative = (from, specifier) => {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.mts`, `${stem}.cts`, join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
};

/** Every elementary cycle's first occurrence, found by depth-first search (small graphs). */
const cyclesOf = (graph) => {
  const cycles = [];
  const seen = new Set();
  const state = new Map(); // 1: on the stack, 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...cycle, next]);
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
};

const problems = [];
let packages = 0;
let files = 0;
let imports = 0;
const packagesDir = join(root, 'packages');
for (const dir of readdirSync(packagesDir).sort()) {
  const src = join(packagesDir, dir, 'src');
  if (!existsSync(src)) continue;
  packages++;
  const manifest = join(packagesDir, dir, 'package.json');
  const name = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).name : dir;
  const graph = new Map();
  for (const file of filesUnder(src).sort()) {
    files++;
    const edges = new Set();
    graph.set(file, edges);
    const source = stripComments(readFileSync(file, 'utf8'));
    for (const [, specifier] of source.matchAll(SPECIFIER)) {
      imports++;
      const where = relative(root, file);
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target?.startsWith(src)) edges.add(target);
        continue;
      }
      const scoped = SCOPE.exec(specifier);
      if (scoped === null || specifier.startsWith(`${name}/`) || specifier === name) continue;
      if (dir === 'durable-testing' && scoped[1] !== 'commons') {
        problems.push(
          `${where}: imports ${specifier} (the test helper may import @durable-powertools/commons only)`,
        );
      } else if (SIBLINGS.test(specifier)) {
        problems.push(
          `${where}: imports the sibling utility ${specifier} (only @durable-powertools/commons is shared)`,
        );
      }
    }
  }
  for (const cycle of cyclesOf(graph)) {
    problems.push(`${name}: import cycle ${cycle.map((file) => relative(src, file)).join(' -> ')}`);
  }
}

if (problems.length > 0) {
  console.error(`check-imports: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-imports: ${files} files, ${imports} imports in ${packages} packages' src/: no import cycle, no sibling-utility import`,
);
