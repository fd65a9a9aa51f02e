import type { LogNode, MetricNode, Program, ProgramNode, StepNode } from './program.js';

/** The program as an indented outline, for failure messages. */
export const describeProgram = (program: Program): string => {
  const out: string[] = [
    `root (${program.shape}, ${program.loggerFirst ? 'durableLogger first' : 'durableMetrics first'})`,
  ];
  const leaf = (node: LogNode | MetricNode): string =>
    node.kind === 'log'
      ? `log L${node.id} ${node.via === 'context' ? 'context.logger' : 'powertools'}.${node.level}${node.call === 'format' ? " ('L%d', id)" : ''}`
      : `metric M${node.id} += ${node.value}`;
  const step = (node: StepNode, indent: string): void => {
    out.push(
      `${indent}step S${node.id}${node.failures ? ` fails ${node.failures}x then succeeds (1 s retries)` : ''}`,
    );
    for (const item of node.body) out.push(`${indent}  ${leaf(item)} (per attempt)`);
  };
  const visit = (node: ProgramNode, indent: string): void => {
    switch (node.kind) {
      case 'log':
      case 'metric':
        out.push(`${indent}${leaf(node)}`);
        return;
      case 'wait':
        out.push(`${indent}wait W${node.id} 1 s`);
        return;
      case 'step':
        step(node, indent);
        return;
      case 'child':
        out.push(`${indent}child C${node.id}`);
        for (const item of node.body) visit(item, `${indent}  `);
        if (node.misuse)
          out.push(`${indent}  root.step(X${node.id}) inside the child: SDK fails the execution`);
        return;
      case 'map':
      case 'parallel': {
        const traits = [node.nesting, node.bigResults ? '40 KB per branch (summarised)' : '']
          .filter(Boolean)
          .join(', ');
        if (node.early) {
          const { kind, fast, slow } = node.early;
          const config =
            kind === 'minSuccessful' ? `minSuccessful ${fast.length}` : 'toleratedFailureCount 0';
          out.push(`${indent}${node.kind} P${node.id} ${traits}, completes early (${config})`);
          slow.forEach((branch, index) => {
            out.push(`${indent}  slow branch ${index}`);
            for (const item of branch.prefix) out.push(`${indent}    ${leaf(item)}`);
            out.push(`${indent}    wait 1 h (the batch completes first)`);
            for (const item of branch.unreached)
              out.push(`${indent}    ${leaf(item)} (never reached)`);
          });
          fast.forEach((branch, index) => {
            out.push(`${indent}  fast branch ${index}`);
            for (const item of branch.body) out.push(`${indent}    ${leaf(item)}`);
            step(branch.step, `${indent}    `);
            if (kind === 'toleratedFailures') out.push(`${indent}    throw`);
          });
          return;
        }
        out.push(`${indent}${node.kind} P${node.id} ${traits}`);
        node.branches.forEach((branch, index) => {
          out.push(`${indent}  branch ${index}`);
          for (const item of branch) visit(item, `${indent}    `);
        });
        return;
      }
      case 'promise':
        out.push(`${indent}context.promise.${node.combinator} C${node.id}`);
        for (const entry of node.entries) {
          if (entry.kind === 'step') step(entry, `${indent}  `);
          else out.push(`${indent}  wait W${entry.id} 1 s`);
        }
        return;
    }
  };
  for (const node of program.body) visit(node, '  ');
  if (program.throws) out.push('  throw (the workflow fails)');
  return out.join('\n');
};
