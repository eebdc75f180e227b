// A dependency-free SVG chart of precision-recall curves, for docs and benchmark reports.
import type { PrPoint } from './metrics.js';

export interface PrSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly PrPoint[];
}

export interface PrMarker {
  readonly name: string;
  readonly color: string;
  readonly precision: number;
  readonly recall: number;
}

export interface PrChart {
  readonly title: string;
  readonly series: readonly PrSeries[];
  readonly markers?: readonly PrMarker[];
}

const SIZE = { width: 560, height: 420, left: 60, right: 180, top: 40, bottom: 50 };

/** Renders the curves (recall on x, precision on y) and single operating points as an SVG document. */
export function prCurveSvg(chart: PrChart): string {
  const plotW = SIZE.width - SIZE.left - SIZE.right;
  const plotH = SIZE.height - SIZE.top - SIZE.bottom;
  const x = (recall: number) => (SIZE.left + recall * plotW).toFixed(1);
  const y = (precision: number) => (SIZE.top + (1 - precision) * plotH).toFixed(1);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const grid = ticks.map((t) =>
    `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" stroke="#ddd"/><line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#ddd"/>` +
    `<text x="${x(t)}" y="${Number(y(0)) + 16}" text-anchor="middle">${t}</text><text x="${SIZE.left - 8}" y="${Number(y(t)) + 4}" text-anchor="end">${t}</text>`);
  const curves = chart.series.map((s) => {
    const path = [{ recall: 0, precision: s.points[0]?.precision ?? 1 }, ...s.points].map((p) => `${x(p.recall)},${y(p.precision)}`);
    return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${path.join(' ')}"/>`;
  });
  const markers = (chart.markers ?? []).map((m) => `<circle cx="${x(m.recall)}" cy="${y(m.precision)}" r="5" fill="${m.color}"/>`);
  const legend = [...chart.series, ...(chart.markers ?? [])].map((item, k) =>
    `<rect x="${SIZE.width - SIZE.right + 14}" y="${SIZE.top + k * 20}" width="12" height="12" fill="${item.color}"/>` +
    `<text x="${SIZE.width - SIZE.right + 32}" y="${SIZE.top + k * 20 + 10}">${escapeXml(item.name)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${SIZE.left}" y="22" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
    ...grid, ...curves, ...markers, ...legend,
    `<text x="${x(0.5)}" y="${SIZE.height - 12}" text-anchor="middle">recall</text>`,
    `<text transform="translate(16 ${y(0.5)}) rotate(-90)" text-anchor="middle">precision</text>`,
    `</svg>`,
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
