/**
 * The fan-out chart of docs/performance.md, drawn as plain SVG from the results: deliveries/s at
 * saturation and p99 latency at the steady rate, against N, for the library and its floor. Both
 * axes are logarithmic.
 */
import type { BenchResult } from './report';

interface Series {
  name: string;
  points: [number, number][];
  dashed: boolean;
  color: string;
}

const W = 360;
const H = 240;
const M = { left: 64, right: 16, top: 34, bottom: 44 };

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (v: number) => (v >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3))));

function decades(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) ticks.push(10 ** p);
  return ticks;
}

function panel(title: string, unit: string, xs: number[], series: Series[], offsetX: number): string {
  const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => y > 0);
  if (ys.length === 0) return '';
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const [y0, y1] = [Math.log10(yTicks[0]), Math.log10(yTicks[yTicks.length - 1])];
  const [x0, x1] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const px = (x: number) => offsetX + M.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (y: number) => M.top + (1 - (Math.log10(y) - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const out: string[] = [];
  out.push(`<text x="${offsetX + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  for (const t of yTicks) {
    out.push(
      `<line x1="${offsetX + M.left}" x2="${offsetX + W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`
    );
    out.push(`<text x="${offsetX + M.left - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(x)}" y="${H - M.bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  out.push(`<text x="${offsetX + (M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">receivers (N)</text>`);
  out.push(
    `<text transform="translate(${offsetX + 14},${(M.top + H - M.bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${esc(unit)}</text>`
  );
  for (const s of series) {
    const points = s.points.filter(([, y]) => y > 0);
    if (points.length === 0) continue;
    const path = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(
      `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`
    );
    for (const [x, y] of points)
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  return out.join('\n');
}

function pointsOf(
  results: readonly BenchResult[],
  measure: string,
  load: string,
  which: 'value' | 'floor'
): [number, number][] {
  return results
    .filter(
      (r) =>
        r.benchmark === 'fan-out' &&
        r.params.measure === measure &&
        r.params.load === load &&
        r.params.variant === undefined
    )
    .map((r): [number, number] => [Number(r.params.N), (which === 'value' ? r.value : r.floor) ?? 0])
    .sort((a, b) => a[0] - b[0]);
}

/** The SVG, or null when the results hold no fan-out figures. */
export function fanOutChart(results: readonly BenchResult[]): string | null {
  const xs = [...new Set(pointsOf(results, 'deliveries/s', 'saturated', 'value').map(([x]) => x))];
  if (xs.length === 0) return null;
  const both = (measure: string, load: string): Series[] => [
    { name: 'library', points: pointsOf(results, measure, load, 'value'), dashed: false, color: '#1f6feb' },
    { name: 'floor (raw ws relay)', points: pointsOf(results, measure, load, 'floor'), dashed: true, color: '#d1242f' }
  ];
  const legend = [
    `<line x1="${M.left}" x2="${M.left + 24}" y1="${H + 12}" y2="${H + 12}" stroke="#1f6feb" stroke-width="2"/>`,
    `<text x="${M.left + 30}" y="${H + 16}">library (server + full clients)</text>`,
    `<line x1="${W + M.left}" x2="${W + M.left + 24}" y1="${H + 12}" y2="${H + 12}" ` +
      'stroke="#d1242f" stroke-width="2" stroke-dasharray="6 4"/>',
    `<text x="${W + M.left + 30}" y="${H + 16}">floor (raw ws relay)</text>`
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 28}" viewBox="0 0 ${2 * W} ${H + 28}" ` +
      'font-family="sans-serif" font-size="11">',
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel('fan-out: deliveries/s (saturated)', 'deliveries/s', xs, both('deliveries/s', 'saturated'), 0),
    panel('fan-out: p99 send-to-store latency (steady)', 'ms', xs, both('p99 latency', 'steady'), W),
    ...legend,
    '</svg>',
    ''
  ].join('\n');
}
