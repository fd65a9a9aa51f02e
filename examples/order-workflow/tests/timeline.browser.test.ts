import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOrderScenario, type ScenarioReport } from '../src/scenario.ts';
import { OUTPUT_DIRECTORY, writeTimeline } from '../src/timelineFile.ts';

// Debian's Chromium (apt-get install chromium); playwright-core never downloads a browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('timeline.png', OUTPUT_DIRECTORY));

let report: ScenarioReport;
let context: BrowserContext;
let page: Page;
let profile: string;
const requested: string[] = [];

beforeAll(async () => {
  // A real run of the example, rendered to the file `npm run example` writes.
  report = await runOrderScenario();
  const file = await writeTimeline(report);
  profile = await mkdtemp(join(tmpdir(), 'timeline-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1340, height: 900 },
  });
  page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(pathToFileURL(file).href);
}, 90_000);

afterAll(async () => {
  await context?.close();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

describe('the example timeline in Chromium', () => {
  it('draws one section per execution and one lane per invocation', async () => {
    // Assess
    const runs = page.locator('svg.timeline g.run');
    expect(await runs.count()).toBe(report.executions.length);
    for (const [position, execution] of report.executions.entries()) {
      const lanes = runs.nth(position).locator('g.lane');
      expect(await lanes.count()).toBe(execution.run.invocations.length);
      for (const [index, invocation] of execution.run.invocations.entries()) {
        const lane = lanes.nth(index);
        expect(await lane.getAttribute('data-status')).toBe(invocation.status);
        const box = await lane.boundingBox();
        expect(box?.width).toBeGreaterThan(1000);
        expect(box?.height).toBeGreaterThan(30);
      }
    }
  });

  it('marks what each invocation ran, replayed, retried and waited for', async () => {
    // Assess: execution A, lane by lane, as the browser rendered it.
    const lanes = page.locator('g.run').first().locator('g.lane');
    const marks = async (lane: number, kind: string) =>
      lanes
        .nth(lane)
        .locator(`g.mark.${kind}`)
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')));
    expect(await marks(0, 'failed')).toEqual(['reserve stock']);
    expect(await marks(0, 'suspended')).toEqual(['retry of reserve stock']);
    expect(await marks(0, 'replayed')).toEqual([]);
    expect(await marks(1, 'executed')).toEqual([
      'reserve stock',
      'charge payment',
      'wait for shipment',
    ]);
    expect(await marks(1, 'replayed')).toEqual([
      'idempotency: claim records',
      'record msg-1001',
      'validate order',
    ]);
    expect(await marks(2, 'replayed')).toContain('charge payment');
    // The last invocation notifies, then stores the message's result in a checkpointed step (the
    // idempotency completion is durable: a store error is retried without running the order again).
    expect(await marks(2, 'executed')).toEqual([
      'notify customer',
      'idempotency: store result msg-1001',
    ]);
    // The duplicate ran nothing but the claim.
    const duplicate = page.locator('g.run').nth(1);
    expect(
      await duplicate
        .locator('g.mark')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-name'))),
    ).toEqual(['idempotency: claim records']);
  });

  it('keeps every mark inside its lane, and draws the duplicate inside the suspension of the first execution', async () => {
    // Assess
    const overflowing = await page.locator('g.lane').evaluateAll((lanes) =>
      lanes.flatMap((lane) => {
        const frame = lane.querySelector('rect.lane-box')?.getBoundingClientRect();
        if (frame === undefined) return ['a lane without its box'];
        return [...lane.querySelectorAll('g.mark')]
          .map((mark) => mark.getBoundingClientRect())
          .filter((box) => box.right > frame.right || box.bottom > frame.bottom)
          .map((box) => `${box.right}/${frame.right}`);
      }),
    );
    expect(overflowing).toEqual([]);
    const strip = async (run: number, lane: number, selector: string) =>
      page
        .locator('g.run')
        .nth(run)
        .locator('g.lane')
        .nth(lane)
        .locator(selector)
        .first()
        .boundingBox();
    const suspension = await strip(0, 1, 'rect.suspension');
    const duplicate = await strip(1, 0, 'rect.active');
    expect(duplicate?.x).toBeGreaterThanOrEqual(suspension?.x ?? Number.POSITIVE_INFINITY);
    expect((duplicate?.x ?? 0) + (duplicate?.width ?? 0)).toBeLessThanOrEqual(
      (suspension?.x ?? 0) + (suspension?.width ?? 0) + 1,
    );
  });

  it('loads nothing but the file itself, and keeps a screenshot', async () => {
    // Act
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Assess
    expect(requested).toEqual([page.url()]);
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(20_000);
  });
});
