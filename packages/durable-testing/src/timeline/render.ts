import { TimelineInputError } from '../errors.js';
import type { DurableRunResult, TimelineOptions, TimelineRun } from '../types.js';
import { type InvocationLane, lanesOf, type OperationMark } from './model.js';

const WIDTH = 1280;
const LABEL_WIDTH = 170;
const INFO_WIDTH = 300;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - INFO_WIDTH - 20;
const LINE = 18;
const CHAR_WIDTH = 6.8;

/**
 * Renders one or more durable runs as a self-contained HTML page with an SVG timeline: every
 * invocation is a lane placed on a shared time axis, the gaps between them are the suspensions (with
 * what the execution waited for), and each lane lists, in order, the operations the invocation
 * replayed, ran (with step attempts, failed ones marked) or resumed, plus the log records and metrics
 * it wrote. Runs given together share the axis, so an execution that ran while another was suspended
 * shows up in that gap. The page needs no network and no script. Elements carry classes and data
 * attributes for tools: `g.run[data-label]`, `g.lane[data-invocation][data-status]`,
 * `g.mark[data-kind][data-name][data-attempt]`.
 * @throws {@link TimelineInputError} when given an empty list.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * const result = await runDurable(handler, { payload: { orderId: '42' } });
 * await writeFile('timeline.html', renderTimeline(result, { title: 'order 42' }));
 * ```
 */
export const renderTimeline = (
  runs: DurableRunResult | readonly TimelineRun[],
  options: TimelineOptions = {},
): string => {
  const list = 'invocations' in runs ? [{ label: 'execution', result: runs }] : runs;
  if (list.length === 0) throw new TimelineInputError('an empty list');
  const title = options.title ?? 'Durable execution timeline';
  const origin = Math.min(
    ...list.flatMap((run) => run.result.invocations.map((invocation) => invocation.startedAt)),
    ...list.map((run) => run.result.startedAt + run.result.durationMs),
  );
  const sections = list.map((run) => ({ run, lanes: lanesOf(run.result, origin) }));
  const span = Math.max(
    1,
    ...sections.flatMap(({ lanes }) => lanes.map((lane) => lane.end)),
    ...list.map((run) => run.result.startedAt + run.result.durationMs - origin),
  );
  const x = (ms: number): number => LABEL_WIDTH + (Math.max(0, ms) / span) * PLOT_WIDTH;

  let y = 34;
  const parts: string[] = [axis(span, x)];
  for (const { run, lanes } of sections) {
    const { svg, height } = runSection(run, lanes, x, y);
    parts.push(svg);
    y += height + 16;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" role="img" aria-label="${escapeXml(title)}">
<defs><pattern id="suspended" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f4f1ea"/><line x1="0" y1="0" x2="0" y2="8" stroke="#d8cfbd" stroke-width="4"/></pattern></defs>
${parts.join('\n')}
</svg>`;
  return page(title, list, svg);
};

const axis = (span: number, x: (ms: number) => number): string => {
  const step = niceStep(span / 8);
  const ticks: string[] = [];
  for (let ms = 0; ms <= span; ms += step) {
    ticks.push(
      `<line x1="${x(ms)}" y1="22" x2="${x(ms)}" y2="28" class="tick"/><text x="${x(ms)}" y="16" class="tick-label" text-anchor="middle">${formatMs(ms)}</text>`,
    );
  }
  return `<g class="axis"><line x1="${x(0)}" y1="28" x2="${x(span)}" y2="28" class="axis-line"/>${ticks.join('')}<text x="10" y="16" class="tick-label">time since start</text></g>`;
};

const niceStep = (raw: number): number => {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const unit = [1, 2, 5, 10].find((candidate) => candidate * power >= raw) ?? 10;
  return unit * power;
};

const runSection = (
  run: TimelineRun,
  lanes: readonly InvocationLane[],
  x: (ms: number) => number,
  top: number,
): { svg: string; height: number } => {
  const { result } = run;
  const heading = `${run.label} · ${result.status ?? 'unknown'} · ${lanes.length} invocation${lanes.length === 1 ? '' : 's'} · ${formatMs(result.durationMs)}${summarizeResult(result)}`;
  const rows: string[] = [];
  let y = top + 26;
  for (const [position, lane] of lanes.entries()) {
    const { svg, height } = laneRow(lane, lanes[position + 1], x, y);
    rows.push(svg);
    y += height + 6;
  }
  const height = y - top;
  return {
    svg: `<g class="run" data-label="${escapeXml(run.label)}" data-status="${escapeXml(result.status ?? '')}" data-invocations="${lanes.length}">
<rect x="0" y="${top}" width="${WIDTH}" height="${height}" class="run-box"/>
<text x="10" y="${top + 18}" class="run-title">${escapeXml(heading)}</text>
${rows.join('\n')}
</g>`,
    height,
  };
};

const summarizeResult = ({ result }: DurableRunResult): string => {
  const failures = (
    result as { batchItemFailures?: Array<{ itemIdentifier?: string }> } | undefined
  )?.batchItemFailures;
  const ids = Array.isArray(failures) && failures.map((failure) => failure.itemIdentifier);
  return ids ? ` · batchItemFailures [${ids.join(', ')}]` : '';
};

const laneRow = (
  lane: InvocationLane,
  next: InvocationLane | undefined,
  x: (ms: number) => number,
  top: number,
): { svg: string; height: number } => {
  const stripY = top + 6;
  const start = x(lane.start);
  const end = Math.max(x(lane.end), start + 3);
  const parts = [
    `<rect x="${start}" y="${stripY}" width="${end - start}" height="10" class="active status-${lane.status}"><title>invocation ${lane.index}: ${formatMs(lane.end - lane.start)}</title></rect>`,
  ];
  if (next !== undefined && lane.status === 'PENDING') {
    const gapEnd = Math.max(x(next.start), end + 2);
    const waited = lane.suspendedOn.join(', ') || 'suspended';
    parts.push(
      `<rect x="${end}" y="${stripY}" width="${gapEnd - end}" height="10" class="suspension" fill="url(#suspended)"><title>suspended ${formatMs(next.start - lane.end)}: ${escapeXml(waited)}</title></rect>`,
    );
  }

  // Marks, in order, wrapping within the plot area.
  const marks = [...lane.marks.map(markChip), ...lane.suspendedOn.map(suspensionChip)];
  let cx = LABEL_WIDTH;
  let cy = top + 22;
  for (const box of marks) {
    if (cx + box.width > LABEL_WIDTH + PLOT_WIDTH && cx > LABEL_WIDTH) {
      cx = LABEL_WIDTH;
      cy += LINE + 4;
    }
    parts.push(box.render(cx, cy));
    cx += box.width + 4;
  }
  const chipsBottom = cy + LINE;

  // Label column.
  parts.push(
    `<text x="10" y="${top + 16}" class="lane-title">Invocation ${lane.index}</text>`,
    `<text x="10" y="${top + 32}" class="lane-status status-text-${lane.status}">${escapeXml(lane.status)} · ${formatMs(lane.end - lane.start)}</text>`,
  );

  // Info column: what the invocation wrote.
  const { logMessages, metrics } = lane;
  const logLines = [
    `${logMessages.length} log record${logMessages.length === 1 ? '' : 's'}`,
    ...logMessages.slice(0, 6).map((message) => `  “${truncate(message, 40)}”`),
    ...(logMessages.length > 6 ? [`  … ${logMessages.length - 6} more`] : []),
  ];
  const metricsText = Object.entries(metrics).map(([name, sum]) => `${name} ${sum}`);
  const info = [
    ...logLines.map((text) => ({ text, className: 'info' })),
    ...wrapInfo(metricsText.length === 0 ? 'no metrics' : `metrics: ${metricsText.join(', ')}`).map(
      (text) => ({ text, className: 'info metrics' }),
    ),
  ];
  for (const [line, { text, className }] of info.entries()) {
    parts.push(
      `<text x="${WIDTH - INFO_WIDTH}" y="${top + 14 + line * 14}" class="${className}">${escapeXml(text)}</text>`,
    );
  }
  const height = Math.max(chipsBottom, top + 14 + info.length * 14, top + 40) - top + 6;
  return {
    svg: `<g class="lane" data-invocation="${lane.index}" data-status="${escapeXml(lane.status)}" data-log-records="${lane.logMessages.length}">
<rect x="4" y="${top}" width="${WIDTH - 8}" height="${height}" class="lane-box"/>
${parts.join('\n')}
</g>`,
    height,
  };
};

const wrapInfo = (line: string): string[] => {
  const max = Math.floor(INFO_WIDTH / CHAR_WIDTH) - 2;
  const wrapped: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const cut = rest.lastIndexOf(', ', max);
    const at = cut > 0 ? cut + 1 : max;
    wrapped.push(rest.slice(0, at));
    rest = `  ${rest.slice(at).trimStart()}`;
  }
  wrapped.push(rest);
  return wrapped;
};

const SYMBOLS = { executed: '▶', failed: '✗', resumed: '↳', replayed: '↺' } as const;

/** A labelled box: `<g {attributes}>{inner}<rect/><text>label</text></g>`. */
const chip = (label: string, attributes: string, inner = '', fill = '') => {
  const width = Math.ceil(label.length * CHAR_WIDTH) + 14;
  return {
    width,
    render: (x: number, y: number) =>
      `<g ${attributes}>${inner}<rect x="${x}" y="${y}" width="${width}" height="${LINE}" rx="4"${fill}/><text x="${x + 7}" y="${y + 13}">${escapeXml(label)}</text></g>`,
  };
};

type Chip = ReturnType<typeof chip>;

const markChip = ({ kind, name, subType, attempt, depth }: OperationMark): Chip => {
  const numbered = attempt !== undefined && (kind === 'failed' || attempt > 1);
  const title = `${kind} · ${subType}${attempt !== undefined ? ` · attempt ${attempt}` : ''}${depth > 0 ? ` · depth ${depth}` : ''}`;
  return chip(
    `${SYMBOLS[kind]} ${name}${numbered ? ` #${attempt}` : ''}`,
    `class="mark ${kind}" data-kind="${kind}" data-name="${escapeXml(name)}" data-type="${escapeXml(subType)}"${attempt !== undefined ? ` data-attempt="${attempt}"` : ''}`,
    `<title>${escapeXml(title)}</title>`,
  );
};

const suspensionChip = (reason: string): Chip =>
  chip(
    `‖ ${reason}`,
    `class="mark suspended" data-kind="suspended" data-name="${escapeXml(reason)}"`,
    '',
    ' fill="url(#suspended)"',
  );

const page = (title: string, runs: readonly TimelineRun[], svg: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(title)}</title>
<style>
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2330; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.summary { margin: 0 0 12px; color: #555; }
ul.legend { list-style: none; padding: 0; margin: 0 0 16px; display: flex; flex-wrap: wrap; gap: 14px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
ul.legend span { display: inline-block; width: 22px; height: 12px; border-radius: 3px; }
svg.timeline { display: block; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; }
.run-box { fill: #fbfbfd; stroke: #d5d9e2; }
.run-title { font: 600 13px system-ui, sans-serif; fill: #1d2330; }
.lane-box { fill: #fff; stroke: #e6e8ee; }
.lane-title { font: 600 12px system-ui, sans-serif; fill: #1d2330; }
.lane-status { font-size: 11px; }
.status-text-PENDING { fill: #9a6700; } .status-text-SUCCEEDED { fill: #1a7f37; } .status-text-FAILED, .status-text-THREW { fill: #cf222e; }
.active { fill: #0969da; } .active.status-SUCCEEDED { fill: #1a7f37; } .active.status-FAILED, .active.status-THREW { fill: #cf222e; }
.axis-line, .tick { stroke: #8c95a6; } .tick-label { fill: #57606a; font-size: 10px; }
.mark rect { stroke-width: 1; } .mark text { font-size: 11px; }
.mark.executed rect { fill: #0969da; stroke: #0550ae; } .mark.executed text { fill: #fff; }
.mark.failed rect { fill: #cf222e; stroke: #a40e26; } .mark.failed text { fill: #fff; }
.mark.resumed rect { fill: #1a7f37; stroke: #116329; } .mark.resumed text { fill: #fff; }
.mark.replayed rect { fill: #fff; stroke: #8c95a6; stroke-dasharray: 3 2; } .mark.replayed text { fill: #57606a; }
.mark.suspended rect { stroke: #bf8700; } .mark.suspended text { fill: #6e4a00; }
.info { fill: #3b4250; font-size: 11px; white-space: pre; } .info.metrics { fill: #6639ba; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="summary">${runs.length} execution${runs.length === 1 ? '' : 's'}; each lane is one Lambda invocation, placed on a shared time axis; hatched: suspended between invocations.</p>
<ul class="legend">
<li><span style="background:#0969da"></span>ran in this invocation</li>
<li><span style="background:#cf222e"></span>failed attempt</li>
<li><span style="background:#1a7f37"></span>resumed: finished after a suspension</li>
<li><span style="border:1px dashed #8c95a6"></span>replayed from the checkpoint (not run again)</li>
<li><span style="background:repeating-linear-gradient(45deg,#f4f1ea 0 4px,#d8cfbd 4px 8px)"></span>suspended</li>
</ul>
${svg}
</body>
</html>
`;

const formatMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;

const truncate = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (char) => ENTITIES[char] ?? char);
