// Prints the Node.js version that runs the project's scripts, and fails fast below Node 22:
// the durable execution SDK and middy 7 need it (Lambda's durable runtimes are nodejs22.x/24.x).
const major = Number(process.versions.node.split('.')[0]);
process.stdout.write(
  `node ${process.version} (${process.execPath}) on ${process.platform}/${process.arch}\n`,
);
if (major < 22) {
  process.stderr.write(
    'durable-powertools needs Node.js >= 22. Run `npm install` first: it installs a pinned Node 22 ' +
      'into node_modules/.bin, which every npm script uses.\n',
  );
  process.exit(1);
}
