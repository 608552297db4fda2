// Every run in the runs directory, with live progress for the ones still going.
import { api, get, runPath } from '../api.js';
import { age, badge, errorBox, h, number, replace, table } from '../dom.js';

export const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function progressText(p) {
  if (!p) return '';
  const rate = p.ratePerSec > 0 ? ` · ${number(p.ratePerSec, 2)} items/s` : '';
  const eta = p.etaSeconds >= 0 && !TERMINAL.has(p.state) ? ` · ETA ${Math.round(p.etaSeconds)} s` : '';
  const failed = p.failed ? ` · ${p.failed} failed` : '';
  return `${p.done + p.skipped}/${p.total}${failed}${rate}${eta}`;
}

export function progressBar(p) {
  const share = p && p.total ? (p.done + p.skipped + p.failed) / p.total : 0;
  return h('progress', { max: 1, value: share.toFixed(3) });
}

/** Follows a run's server-sent events; returns the function that stops following. */
export function follow(id, onProgress) {
  const events = new EventSource(`${runPath(id)}/events`);
  events.addEventListener('progress', (e) => onProgress(JSON.parse(e.data)));
  events.addEventListener('end', () => events.close());
  return () => events.close();
}

function row(run, streams, message) {
  const state = h('td', { class: 'state' }, badge(run.state));
  const progress = h('td', { class: 'progress' }, progressBar(run.progress), h('span', { class: 'progress-text' }, progressText(run.progress)));
  const cancel = h('button', {
    type: 'button', class: 'quiet', 'data-cancel': run.id,
    onclick: async () => {
      try {
        await api('DELETE', runPath(run.id));
      } catch (error) {
        replace(message, errorBox(error));
      }
    },
  }, 'Cancel');
  const actions = h('td', null, TERMINAL.has(run.state) ? null : cancel);
  if (!TERMINAL.has(run.state)) {
    streams.push(follow(run.id, (p) => {
      replace(state, badge(p.state));
      replace(progress, progressBar(p), h('span', { class: 'progress-text' }, progressText(p)));
      if (TERMINAL.has(p.state)) actions.replaceChildren();
    }));
  }
  return h('tr', { 'data-run': run.id },
    h('td', null, h('a', { href: `#/run/${encodeURIComponent(run.id)}` }, run.id)),
    state,
    h('td', null, run.model || '–'),
    h('td', { class: 'methods' }, (run.methods || []).join(', ')),
    h('td', null, (run.benchmarks || []).join(', ')),
    progress,
    h('td', { title: run.started || run.created || '' }, age(run.started || run.created)),
    actions);
}

export async function runsPage() {
  const runs = await get('/api/runs');
  const streams = [];
  const message = h('div');
  const when = (run) => run.started || run.created || '';
  runs.sort((a, b) => String(when(b)).localeCompare(String(when(a))));
  const element = h('section', { class: 'page', id: 'runs-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Runs'), h('a', { class: 'button', href: '#/new' }, 'New run')),
    message,
    runs.length === 0 ? h('p', { class: 'empty' }, 'No runs yet in this runs directory.')
      : table(['Run', 'State', 'Model', 'KV methods', 'Benchmarks', 'Progress', 'Started', ''],
        runs.map((run) => row(run, streams, message)), { id: 'runs-table' }));
  return { title: 'Runs', element, leave: () => streams.forEach((stop) => stop()) };
}
