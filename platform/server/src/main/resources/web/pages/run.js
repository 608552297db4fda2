// One run: live progress, the comparison of KV methods (score against KV bytes and against
// decode speed, Pareto frontier marked, the same numbers in a table), the per-task and per-length
// summary, the NIAH depth x length heatmap and the run's files.
import { api, get, runPath } from '../api.js';
import { badge, bytes, errorBox, h, number, replace, table } from '../dom.js';
import { frontierScatter, scoreHeatmap } from '../charts.js';
import { follow, progressBar, progressText, TERMINAL } from './runs.js';

const MEAN = 'mean of benchmarks';

/** The overall score of one benchmark for a method: the first metric of its overall map. */
function overall(method, benchmark) {
  const values = method.benchmarks[benchmark] && method.benchmarks[benchmark].overall;
  if (!values) return null;
  const first = Object.keys(values)[0];
  return first === undefined ? null : values[first];
}

export function score(method, choice, benchmarks) {
  if (choice !== MEAN) return overall(method, choice);
  const scores = benchmarks.map((b) => overall(method, b)).filter((s) => s !== null);
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
}

function mainMetric(values, declared) {
  for (const name of declared || []) if (values[name] !== undefined) return name;
  if (values.score !== undefined) return 'score';
  return Object.keys(values)[0];
}

function comparison(summary) {
  const methods = summary.methods;
  const benchmarks = [...new Set(methods.flatMap((m) => Object.keys(m.benchmarks)))];
  const choices = benchmarks.length > 1 ? [MEAN, ...benchmarks] : benchmarks;
  const byBytes = h('div', { class: 'chart', id: 'chart-bytes' });
  const bySpeed = h('div', { class: 'chart', id: 'chart-speed' });
  const numbers = h('div');
  const draw = (choice) => {
    const points = methods.map((m) => ({ name: m.kv, y: score(m, choice, benchmarks), bytes: m.kv_bytes_resident_mean, speed: m.decode_tokens_per_s }))
      .filter((p) => p.y !== null);
    const memory = frontierScatter(byBytes, {
      points: points.map((p) => ({ name: p.name, x: p.bytes, y: p.y })), xName: 'KV bytes resident (mean)', yName: `score: ${choice}`, lowerIsBetter: true, formatX: bytes,
    });
    const speed = frontierScatter(bySpeed, {
      points: points.map((p) => ({ name: p.name, x: p.speed, y: p.y })), xName: 'decode tokens/s', yName: `score: ${choice}`, lowerIsBetter: false, formatX: (v) => number(v, 0),
    });
    replace(numbers, table(['KV method', choice, 'KV bytes resident', 'KV bytes offloaded', 'prefill tok/s', 'decode tok/s', 'done', 'failed', 'frontier'],
      points.map((p, i) => {
        const m = methods.find((x) => x.kv === p.name);
        const marks = [memory.front.includes(i) ? 'memory' : null, speed.front.includes(i) ? 'speed' : null].filter(Boolean);
        return h('tr', null, h('td', null, p.name), h('td', { class: 'num' }, number(p.y, 2)), h('td', { class: 'num' }, bytes(m.kv_bytes_resident_mean)),
          h('td', { class: 'num' }, bytes(m.kv_bytes_offloaded_mean)), h('td', { class: 'num' }, number(m.prefill_tokens_per_s, 0)),
          h('td', { class: 'num' }, number(m.decode_tokens_per_s, 0)), h('td', { class: 'num' }, m.done), h('td', { class: 'num' }, m.failed),
          h('td', null, marks.join(', ')));
      }), { id: 'comparison-table' }));
  };
  const picker = h('select', { id: 'score-choice', onchange: (e) => draw(e.target.value) }, choices.map((c) => h('option', { value: c }, c)));
  const element = h('section', { id: 'comparison' },
    h('div', { class: 'page-head' }, h('h2', null, 'KV methods compared'), h('label', { class: 'field inline-field' }, h('span', null, 'Score'), picker)),
    h('div', { class: 'charts' }, byBytes, bySpeed), numbers);
  return { element, draw: () => draw(picker.value || choices[0]) };
}

function summaryTables(summary, metricsOf) {
  const methods = summary.methods;
  const benchmarks = [...new Set(methods.flatMap((m) => Object.keys(m.benchmarks)))];
  return benchmarks.map((b) => {
    const first = methods.find((m) => m.benchmarks[b]).benchmarks[b];
    const byLength = first.per_task_length && Object.keys(first.per_task_length).length ? 'per_task_length' : 'per_task_bucket';
    const rows = [];
    rows.push(h('tr', { class: 'overall' }, h('td', null, 'overall'), h('td', null, ''),
      methods.map((m) => h('td', { class: 'num' }, number(overall(m, b), 2)))));
    for (const [task, lengths] of Object.entries(first[byLength] || {})) {
      for (const length of Object.keys(lengths)) {
        rows.push(h('tr', null, h('td', null, task), h('td', null, length), methods.map((m) => {
          const values = m.benchmarks[b] && m.benchmarks[b][byLength][task] && m.benchmarks[b][byLength][task][length];
          return h('td', { class: 'num' }, values ? number(values[mainMetric(values, metricsOf(b, task))], 2) : '–');
        })));
      }
    }
    return h('div', { class: 'summary' }, h('h3', null, `${b} (${first.samples} samples per method)`),
      table(['task', byLength === 'per_task_length' ? 'length' : 'length bucket', ...methods.map((m) => m.kv)], rows, { id: `summary-${b}` }));
  });
}

async function niahHeatmap(id) {
  const records = await get(`${runPath(id)}/records?benchmark=niah&limit=100000`);
  if (!records.matched) return null;
  const methods = records.facets.kv.filter((kv) => records.records.some((r) => r.kv === kv));
  const box = h('div', { class: 'chart tall', id: 'niah-heatmap' });
  const draw = (kv) => {
    const rows = records.records.filter((r) => r.kv === kv && r.depth !== null && r.status === 'done');
    const lengths = [...new Set(rows.map((r) => r.target_length))].sort((a, b) => a - b);
    const depths = [...new Set(rows.map((r) => r.depth))].sort((a, b) => a - b);
    const sums = new Map();
    for (const r of rows) {
      const key = `${lengths.indexOf(r.target_length)},${depths.indexOf(r.depth)}`;
      const cell = sums.get(key) || [0, 0];
      sums.set(key, [cell[0] + r.score, cell[1] + 1]);
    }
    const cells = [...sums].map(([key, [sum, n]]) => [...key.split(',').map(Number), sum / n, n]);
    scoreHeatmap(box, { lengths, depths, cells, max: 100 }); // NIAH depths and scores are percentages
  };
  const picker = h('select', { id: 'niah-method', onchange: (e) => draw(e.target.value) }, methods.map((m) => h('option', { value: m }, m)));
  return {
    element: h('section', { id: 'niah' },
      h('div', { class: 'page-head' }, h('h2', null, 'Needle in a haystack'), h('label', { class: 'field inline-field' }, h('span', null, 'KV method'), picker)),
      box),
    draw: () => draw(picker.value),
  };
}

export async function runPage(id) {
  const [run, catalog] = await Promise.all([get(runPath(id)), get('/api/catalog')]);
  const declared = (b, task) => {
    const info = catalog.benchmarks.find((x) => x.id === b);
    const t = info && info.tasks.find((x) => x.name === task);
    return t ? t.metrics : [];
  };
  const state = h('span', null, badge(run.state));
  const progress = h('div', { class: 'progress', id: 'run-progress' }, progressBar(run.progress), h('span', { class: 'progress-text' }, progressText(run.progress)));
  const message = h('div');
  const body = h('div', { id: 'run-body' });
  const cancel = h('button', {
    type: 'button', class: 'quiet', id: 'cancel-run', hidden: TERMINAL.has(run.state),
    onclick: async () => {
      try { await api('DELETE', runPath(id)); } catch (error) { replace(message, errorBox(error)); }
    },
  }, 'Cancel');
  let stop = () => {};

  const showResults = async () => {
    let summary;
    try {
      summary = await get(`${runPath(id)}/summary`);
    } catch (error) {
      replace(body, h('p', { class: 'empty' }, error.status === 404 ? 'No summary yet: it is written when the run ends.' : error.message));
      return;
    }
    const files = await get(`${runPath(id)}/files`);
    const compared = comparison(summary);
    const niah = await niahHeatmap(id);
    replace(body, compared.element, niah ? niah.element : null,
      h('section', { id: 'summary' }, h('h2', null, 'Scores by task and length'), summaryTables(summary, declared)),
      h('section', { id: 'files' }, h('h2', null, 'Files'), h('ul', { class: 'files' }, files.map((f) => h('li', null,
        h('a', { href: `${runPath(id)}/files/${encodeURIComponent(f)}`, target: '_blank', rel: 'noopener' }, f))))));
    compared.draw();
    if (niah) niah.draw();
  };

  if (!TERMINAL.has(run.state)) {
    stop = follow(id, (p) => {
      replace(state, badge(p.state));
      replace(progress, progressBar(p), h('span', { class: 'progress-text' }, progressText(p)));
      if (TERMINAL.has(p.state)) {
        cancel.hidden = true;
        if (p.state === 'FAILED') replace(message, errorBox(new Error(`the run failed: ${p.message}`)));
        showResults();
      }
    });
  }
  const element = h('section', { class: 'page', id: 'run-page', 'data-run': id },
    h('div', { class: 'page-head' }, h('h1', null, id), state, cancel,
      h('a', { class: 'button', href: `#/run/${encodeURIComponent(id)}/samples`, id: 'samples-link' }, 'Samples')),
    h('p', { class: 'meta' }, `model ${run.model || '–'} · KV methods ${(run.methods || []).join(', ')} · benchmarks ${(run.benchmarks || []).join(', ')}`),
    progress, message, body);
  if (run.error) replace(message, errorBox(new Error(`the run failed: ${run.error}`)));
  if (TERMINAL.has(run.state)) showResults();
  return { title: id, element, leave: () => stop() };
}
