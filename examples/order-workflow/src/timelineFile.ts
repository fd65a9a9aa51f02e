import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderTimeline } from '@durable-powertools/testing';
import type { ScenarioReport } from './scenario.ts';

/** Where the example writes its outputs (git-ignored). */
export const OUTPUT_DIRECTORY = new URL('../out/', import.meta.url);

/** Renders the executions of a run as one timeline page, writes it, and returns the file's path. */
export const writeTimeline = async (report: ScenarioReport): Promise<string> => {
  await mkdir(OUTPUT_DIRECTORY, { recursive: true });
  const file = new URL('timeline.html', OUTPUT_DIRECTORY);
  const runs = report.executions.map((execution) => ({
    label: `${execution.label}: ${execution.description}`,
    result: execution.run,
  }));
  await writeFile(file, renderTimeline(runs, { title: 'Order workflow: three SQS deliveries' }));
  return fileURLToPath(file);
};
