// Charts with Apache ECharts (vendor/echarts.min.js, from its WebJar), drawn as SVG.
import { escapeHtml } from './dom.js';

const COLORS = { point: '#4c78a8', front: '#e45756', grid: '#d8dde6' };

/**
 * Indices of the points on the Pareto frontier: no other point has a score at least as high
 * with an x at least as good (lower when lowerIsBetter, else higher), and better in one of them.
 */
export function paretoFront(points, lowerIsBetter) {
  const better = (a, b) => (lowerIsBetter ? a <= b : a >= b);
  return points.map((p, i) => i).filter((i) => !points.some((q, j) => j !== i
    && better(q.x, points[i].x) && q.y >= points[i].y && (q.x !== points[i].x || q.y !== points[i].y)));
}

/** An axis end a tenth of the data's range beyond it (never below zero), so no point sits on an edge. */
const padded = (side) => (extent) => {
  const margin = (extent.max - extent.min) * 0.1 || Math.abs(extent.max) * 0.1 || 1;
  const end = side < 0 ? Math.max(0, extent.min - margin) : extent.max + margin;
  return Number(end.toPrecision(3));
};

function chart(element) {
  const existing = window.echarts.getInstanceByDom(element);
  if (existing) existing.dispose();
  return window.echarts.init(element, null, { renderer: 'svg' });
}

/** A scatter of one point per method, the frontier's points joined by a line and listed in the legend. */
export function frontierScatter(element, { points, xName, yName, lowerIsBetter, formatX }) {
  const front = paretoFront(points, lowerIsBetter);
  const frontPoints = front.map((i) => points[i]).sort((a, b) => a.x - b.x);
  const instance = chart(element);
  instance.setOption({
    animation: false,
    grid: { left: 64, right: 110, top: 36, bottom: 56 },
    legend: { top: 4, data: ['methods', 'Pareto frontier'] },
    tooltip: {
      trigger: 'item',
      formatter: (p) => `<b>${escapeHtml(p.data[2])}</b><br>${escapeHtml(xName)}: ${escapeHtml(formatX(p.data[0]))}`
        + `<br>${escapeHtml(yName)}: ${escapeHtml(Number(p.data[1]).toFixed(2))}`,
    },
    xAxis: {
      type: 'value', name: xName, nameLocation: 'middle', nameGap: 32, min: padded(-1), max: padded(1),
      axisLabel: { formatter: (v) => formatX(v) }, splitLine: { lineStyle: { color: COLORS.grid } },
    },
    yAxis: { type: 'value', name: yName, nameLocation: 'middle', nameGap: 44, min: padded(-1), max: padded(1), splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        name: 'methods', type: 'scatter', symbolSize: 12, itemStyle: { color: COLORS.point },
        data: points.map((p) => [p.x, p.y, p.name]),
        label: { show: true, position: 'right', formatter: (p) => p.data[2], fontSize: 11 },
        labelLayout: { hideOverlap: true },
      },
      {
        name: 'Pareto frontier', type: 'line', symbol: 'diamond', symbolSize: 14, z: 3,
        lineStyle: { color: COLORS.front, type: 'dashed' }, itemStyle: { color: COLORS.front },
        data: frontPoints.map((p) => [p.x, p.y, p.name]), tooltip: { show: true },
      },
    ],
  });
  return { instance, front };
}

/** A heatmap of scores: columns are context lengths, rows are needle depths. */
export function scoreHeatmap(element, { lengths, depths, cells, max }) {
  const instance = chart(element);
  instance.setOption({
    animation: false,
    grid: { left: 72, right: 96, top: 16, bottom: 56 },
    tooltip: {
      formatter: (p) => `length ${escapeHtml(lengths[p.data[0]])}, depth ${escapeHtml(depths[p.data[1]])}%`
        + `<br>score ${escapeHtml(Number(p.data[2]).toFixed(1))} (${escapeHtml(p.data[3])} samples)`,
    },
    xAxis: { type: 'category', data: lengths.map(String), name: 'context length (tokens)', nameLocation: 'middle', nameGap: 32 },
    yAxis: { type: 'category', data: depths.map((d) => `${d}%`), name: 'needle depth', nameLocation: 'middle', nameGap: 52 },
    visualMap: {
      min: 0, max, calculable: true, orient: 'vertical', right: 8, top: 'center',
      inRange: { color: ['#d7301f', '#fdae61', '#ffffbf', '#a6d96a', '#1a9641'] },
    },
    series: [{ type: 'heatmap', data: cells, label: { show: true, formatter: (p) => Number(p.data[2]).toFixed(0) } }],
  });
  return instance;
}
