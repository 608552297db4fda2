// The samples of a run: filtered by benchmark, task, length, KV method and outcome, paged; and
// one sample with its prompt (head and tail, the truncation marked), expected and actual answer,
// score and timings. Every model and dataset string is inserted as text.
import { get, runPath } from '../api.js';
import { badge, bytes, h, number, table } from '../dom.js';

const PAGE = 50;
const FILTERS = [['benchmark', 'Benchmark'], ['task', 'Task'], ['length', 'Length'], ['kv', 'KV method']];
const OUTCOMES = [['', 'any'], ['credit', 'score > 0'], ['no_credit', 'score = 0'], ['failed', 'failed or skipped']];

function samplesHash(id, query) {
  const text = query.toString();
  return `#/run/${encodeURIComponent(id)}/samples${text ? `?${text}` : ''}`;
}

export async function samplesPage(id, query) {
  const offset = Number(query.get('offset') || 0);
  const params = new URLSearchParams(query);
  params.set('limit', PAGE);
  const result = await get(`${runPath(id)}/records?${params}`);
  const refine = (name, value) => {
    const next = new URLSearchParams(query);
    if (value === '' || value === null) next.delete(name); else next.set(name, value);
    if (name !== 'offset') next.delete('offset');
    location.hash = samplesHash(id, next);
  };
  const filters = h('div', { class: 'filters' },
    FILTERS.map(([name, label]) => h('label', { class: 'field' }, h('span', null, label),
      h('select', { id: `filter-${name}`, onchange: (e) => refine(name, e.target.value) },
        h('option', { value: '' }, 'all'),
        result.facets[name].map((v) => h('option', { value: v, selected: String(v) === query.get(name) }, String(v)))))),
    h('label', { class: 'field' }, h('span', null, 'Outcome'),
      h('select', { id: 'filter-outcome', onchange: (e) => refine('outcome', e.target.value) },
        OUTCOMES.map(([v, label]) => h('option', { value: v, selected: v === (query.get('outcome') || '') }, label)))));
  const rows = result.records.map((r) => h('tr', { 'data-line': r.index },
    h('td', null, h('a', { href: `#/run/${encodeURIComponent(id)}/sample/${r.index}` }, r.sample_id)),
    h('td', null, `${r.benchmark} / ${r.task}`), h('td', { class: 'num' }, r.target_length || '–'), h('td', null, r.kv),
    h('td', null, badge(r.outcome)), h('td', { class: 'num' }, r.score === null ? '–' : number(r.score, 2)),
    h('td', { class: 'answer' }, r.error || r.response_preview),
    h('td', { class: 'num' }, number(r.prefill_ms, 0)), h('td', { class: 'num' }, number(r.decode_ms, 0))));
  const last = Math.min(offset + PAGE, result.matched);
  const element = h('section', { class: 'page', id: 'samples-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Samples'), h('a', { href: `#/run/${encodeURIComponent(id)}` }, `← ${id}`)),
    filters,
    h('p', { class: 'meta', id: 'samples-count' }, `${result.matched} of ${result.total} samples match` + (result.matched ? ` · showing ${offset + 1}–${last}` : '')),
    table(['sample', 'benchmark / task', 'length', 'KV method', 'outcome', 'score', 'answer', 'prefill ms', 'decode ms'], rows, { id: 'samples-table' }),
    h('div', { class: 'actions' },
      offset > 0 ? h('button', { type: 'button', onclick: () => refine('offset', Math.max(0, offset - PAGE)) }, 'Previous') : null,
      last < result.matched ? h('button', { type: 'button', id: 'next-page', onclick: () => refine('offset', offset + PAGE) }, 'Next') : null));
  return { title: `${id} · samples`, element };
}

function promptView(prompt) {
  const parts = [h('pre', { class: 'text', id: 'prompt-head' }, prompt.head)];
  if (prompt.omitted_chars > 0) {
    parts.push(h('div', { class: 'cut' }, `… ${prompt.omitted_chars.toLocaleString('en-US')} characters not shown …`));
    parts.push(h('pre', { class: 'text', id: 'prompt-tail' }, prompt.tail));
  }
  const truncation = prompt.truncated_tokens > 0
    ? h('div', { class: 'cut truncated', id: 'truncation' }, `${prompt.truncated_tokens.toLocaleString('en-US')} tokens were cut from the `
      + `${prompt.truncation === 'left' ? 'start' : prompt.truncation === 'right' ? 'end' : 'middle'} of this prompt`
      + ` (truncation: ${prompt.truncation}); the model read ${prompt.prompt_tokens.toLocaleString('en-US')} tokens.`)
    : null;
  if (truncation && prompt.truncation === 'left') parts.unshift(truncation);
  else if (truncation && prompt.truncation === 'right') parts.push(truncation);
  else if (truncation) parts.splice(1, 0, truncation);
  return parts;
}

export async function samplePage(id, line) {
  const s = await get(`${runPath(id)}/records/${line}`);
  const r = s.record;
  const decodeSeconds = (r.decode_ns || 0) / 1e9;
  const facts = [
    ['benchmark / task', `${s.benchmark} / ${s.task}`], ['sample', s.sample_id], ['KV method', s.kv], ['status', r.status],
    ['score', s.metric ? `${s.metric} ${number(s.score, 2)}` : '–'],
    ['metrics', Object.entries(r.metrics || {}).map(([k, v]) => `${k} ${number(v, 2)}`).join(', ') || '–'],
    ['detail', r.detail || r.error || '–'],
    ['tokens', `prompt ${r.prompt_tokens}, truncated ${r.truncated_tokens}, completion ${r.completion_tokens} (${r.finish_reason || '–'})`],
    ['timings', `prefill ${number(s.prefill_ms, 0)} ms, decode ${number(s.decode_ms, 0)} ms`
      + (decodeSeconds > 0 ? ` (${number((r.decode_steps || r.completion_tokens) / decodeSeconds, 1)} tokens/s)` : '')],
    ['KV bytes', `${bytes(r.kv_bytes_resident)} resident, ${bytes(r.kv_bytes_offloaded)} offloaded`],
  ];
  const element = h('section', { class: 'page', id: 'sample-page' },
    h('div', { class: 'page-head' }, h('h1', null, `Sample ${s.sample_id}`), badge(s.outcome),
      h('a', { href: `#/run/${encodeURIComponent(id)}/samples` }, '← samples')),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    h('div', { class: 'answers' },
      h('div', null, h('h2', null, 'Expected'), s.expected.length ? h('ul', { id: 'expected' }, s.expected.map((e) => h('li', null, h('pre', { class: 'text' }, e))))
        : h('p', { class: 'empty' }, 'The benchmark keeps no reference answer for this sample.')),
      h('div', null, h('h2', null, 'Answer'), h('pre', { class: 'text', id: 'answer' }, r.response ?? ''),
        r.raw_response && r.raw_response !== r.response ? [h('h3', null, 'Raw output (as generated, before thinking and surrounding space were removed)'), h('pre', { class: 'text', id: 'raw-answer' }, r.raw_response)] : null)),
    h('h2', null, s.prompt.stored_fields ? 'Prompt (its stored fields: this run kept no excerpt of the prompt)'
      : `Prompt (${s.prompt.chars.toLocaleString('en-US')} characters, as the model read it)`), promptView(s.prompt),
    r.steps ? [h('h2', null, 'Steps'), table(['step', 'answer'], r.steps.map((step, i) => h('tr', null, h('td', null, i + 1), h('td', null, h('pre', { class: 'text' }, step.response ?? JSON.stringify(step))))))] : null);
  return { title: `${id} · ${s.sample_id}`, element };
}
