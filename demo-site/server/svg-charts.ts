import { percent } from './format';
import { html, type SafeHtml } from './html';

/** One bar of a bar chart. */
export interface BarPoint {
  label: string;
  value: number;
  /** Tooltip text. */
  title: string;
}

/** Rounds a maximum up to a "nice" axis top (1, 2, 2.5 or 5 × a power of ten). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= max) return m * pow;
  return 10 * pow;
}

function compact(n: number): string {
  if (n >= 1e7) return `${+(n / 1e7).toFixed(1)}Cr`;
  if (n >= 1e5) return `${+(n / 1e5).toFixed(1)}L`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(+n.toFixed(2));
}

/** A vertical bar chart as inline SVG (scales to its container; each bar has a tooltip). */
export function barChart(points: BarPoint[], opts: { title: string; desc: string; unit?: string }): SafeHtml {
  const W = 640;
  const H = 220;
  const left = 48;
  const bottom = 28;
  const top = 12;
  const plotW = W - left - 8;
  const plotH = H - top - bottom;
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const step = plotW / Math.max(1, points.length);
  const barW = Math.max(2, Math.min(40, step * 0.7));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = top + plotH - f * plotH;
    return html`<line x1="${left}" x2="${W - 8}" y1="${y}" y2="${y}" class="grid"/><text x="${left - 6}" y="${y + 4}" class="axis" text-anchor="end">${opts.unit ?? ''}${compact(max * f)}</text>`;
  });
  const every = Math.ceil(points.length / 8);
  const bars = points.map((p, i) => {
    const h = (p.value / max) * plotH;
    const x = left + i * step + (step - barW) / 2;
    const label = (points.length - 1 - i) % every === 0 ? html`<text x="${x + barW / 2}" y="${H - 8}" class="axis" text-anchor="middle">${p.label}</text>` : '';
    return html`<g><title>${p.title}</title><rect x="${x}" y="${top + plotH - h}" width="${barW}" height="${Math.max(h, p.value > 0 ? 1 : 0)}" rx="3" class="bar"/></g>${label}`;
  });
  return html`<div class="chart-scroll"><svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-t chart-d" preserveAspectRatio="xMidYMid meet">
<title id="chart-t">${opts.title}</title><desc id="chart-d">${opts.desc}</desc>${ticks}${bars}</svg></div>`;
}

/** One funnel step and how many got there. */
export interface FunnelStep {
  label: string;
  value: number;
}

/** A funnel: one row per step with an SVG bar, the count, and conversion from the step before and from the first. */
export function funnelChart(steps: FunnelStep[], title: string): SafeHtml {
  const first = steps[0]?.value ?? 0;
  const max = Math.max(1, ...steps.map((s) => s.value));
  const rows = steps.map((s, i) => {
    const w = Math.max(s.value > 0 ? 1 : 0, (s.value / max) * 100);
    const prev = i === 0 ? '' : `${percent(s.value, steps[i - 1]?.value ?? 0)} of previous · `;
    return html`<li><span class="funnel-label">${s.label}</span>
<svg class="funnel-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect width="100" height="10" class="track"/><rect width="${w}" height="10" class="bar" opacity="${1 - i * 0.15}"/></svg>
<span class="funnel-value"><strong>${s.value}</strong> <span class="muted">${prev}${percent(s.value, first)} of all</span></span></li>`;
  });
  return html`<ol class="funnel" aria-label="${title}">${rows}</ol>`;
}

/** One part of a split bar. */
export interface SplitPart {
  label: string;
  value: number;
  tone: string;
}

/** A single 100% bar split into parts, with a legend (e.g. customers vs non-customers). */
export function splitBar(parts: SplitPart[], title: string): SafeHtml {
  const total = parts.reduce((s, p) => s + p.value, 0);
  let x = 0;
  const rects = parts.map((p) => {
    const w = total > 0 ? (p.value / total) * 100 : 0;
    const r = html`<rect x="${x}" y="0" width="${w}" height="14" class="tone-${p.tone}"><title>${p.label}: ${p.value}</title></rect>`;
    x += w;
    return r;
  });
  const legend = parts.map((p) => html`<li><span class="swatch tone-${p.tone}" aria-hidden="true"></span>${p.label} <strong>${p.value}</strong> <span class="muted">${percent(p.value, total)}</span></li>`);
  return html`<svg class="split" viewBox="0 0 100 14" preserveAspectRatio="none" role="img" aria-label="${title}">${total > 0 ? rects : html`<rect width="100" height="14" class="tone-empty"/>`}</svg><ul class="legend">${legend}</ul>`;
}
