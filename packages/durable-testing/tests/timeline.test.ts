import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  type DurableRunResult,
  expectInvocationCount,
  renderTimeline,
  runDurable,
  TimelineInputError,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** reserve → callback (the invocation ends) → charge: two invocations, the second replays reserve. */
const approvalFlow = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  context.logger.info('started');
  await context.step('reserve <stock>', async () => 'reserved');
  const answer = await context.waitForCallback('approval', async () => {});
  await context.step('charge', async () => 'charged');
  context.logger.info('finished');
  return answer;
});

/** A step that fails once (retried after 1 s), then a 1 s wait: three invocations. */
const retryThenWait = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  await context.step(
    'flaky',
    async (step) => {
      if (step.attempt === 1) throw new Error('transient');
      return 'ok';
    },
    { retryStrategy: (_error, attempts) => ({ shouldRetry: attempts < 2, delay: { seconds: 1 } }) },
  );
  await context.wait('cool down', { seconds: 1 });
  return 'done';
});

/** The `<g …>` start tags of one class, with their attributes. */
const groups = (html: string, className: string): Array<Record<string, string>> =>
  [...html.matchAll(new RegExp(`<g class="${className}[^"]*"([^>]*)>`, 'g'))].map((match) =>
    Object.fromEntries(
      [...(match[1] ?? '').matchAll(/data-([a-z-]+)="([^"]*)"/g)].map(([, key, value]) => [
        key,
        value,
      ]),
    ),
  );

/** The marks of each lane, as `kind:name` strings, lane by lane. */
const marksPerLane = (html: string): string[][] =>
  html
    .split('<g class="lane"')
    .slice(1)
    .map((lane) => groups(lane, 'mark').map((mark) => `${mark.kind}:${mark.name}`));

let result: DurableRunResult;
beforeAll(async () => {
  result = await runDurable(approvalFlow, {
    drive: async (runner) => {
      const approval = runner.getOperation('approval');
      await approval.waitForData(WaitingOperationStatus.SUBMITTED);
      await approval.sendCallbackSuccess(JSON.stringify('yes'));
    },
  });
});
afterAll(() => teardownDurableHarness());

describe('renderTimeline', () => {
  it('draws one lane per invocation with what each ran, replayed, resumed and waited for', () => {
    // Act
    const html = renderTimeline(result, { title: 'approval flow' });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const lanes = groups(html, 'lane');
    expect(lanes.map((lane) => [lane.invocation, lane.status])).toEqual([
      ['1', 'PENDING'],
      ['2', 'SUCCEEDED'],
    ]);
    expect(lanes.map((lane) => lane['log-records'])).toEqual(['1', '1']);
    expect(marksPerLane(html)).toEqual([
      ['executed:reserve &lt;stock&gt;', 'executed:approval', 'suspended:callback approval'],
      ['replayed:reserve &lt;stock&gt;', 'resumed:approval', 'executed:charge'],
    ]);
    expect(groups(html, 'run')).toEqual([
      { label: 'execution', status: 'SUCCEEDED', invocations: '2' },
    ]);
  });

  it('numbers step attempts, marks the failed one, and names each suspension', async () => {
    // Act
    const retried = await runDurable(retryThenWait);
    const html = renderTimeline(retried);

    // Assess
    expectInvocationCount(retried, { exactly: 3 });
    expect(marksPerLane(html)).toEqual([
      ['failed:flaky', 'suspended:retry of flaky'],
      ['executed:flaky', 'executed:cool down', 'suspended:wait cool down'],
      ['replayed:flaky', 'resumed:cool down'],
    ]);
    expect(
      groups(html, 'mark')
        .filter((mark) => mark.name === 'flaky')
        .map((mark) => mark.attempt),
    ).toEqual(['1', '2', undefined]);
  });

  it('is one self-contained, escaped HTML document', () => {
    // Act
    const html = renderTimeline([{ label: 'A & <B>', result }], { title: '<orders>' });

    // Assess
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>&lt;orders&gt;</title>');
    expect(html).toContain('data-label="A &amp; &lt;B&gt;"');
    expect(html).not.toContain('<orders>');
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\((?!#)/);
  });

  it('refuses an empty list with an error that says what to pass', () => {
    // Act
    const render = () => renderTimeline([]);

    // Assess
    expect(render).toThrow(TimelineInputError);
    expect(render).toThrow(/got an empty list\. Pass a runDurable\(\) result/);
  });

  it('puts runs given together on one time axis, in the order given', () => {
    // Act
    const html = renderTimeline([
      { label: 'first', result },
      { label: 'again', result },
    ]);

    // Assess
    expect(groups(html, 'run').map((run) => run.label)).toEqual(['first', 'again']);
    expect(groups(html, 'lane')).toHaveLength(4);
    expect(html.match(/<g class="axis">/g)).toHaveLength(1);
  });
});
