// The new-run form, built from GET /api/catalog. It writes a run spec (docs/spec.md), checks it
// with POST /api/runs/validate (the same validation as the CLI, messages naming the field) and
// starts it with POST /api/runs.
import { get, post } from '../api.js';
import { errorBox, h, replace } from '../dom.js';

const TRUNCATIONS = ['middle', 'left', 'right', 'skip'];

function emptyBenchmark(catalog) {
  // A benchmark that generates its data to any length needs no download: the best first offer.
  const first = catalog.benchmarks.find((b) => b.tasks.length && b.tasks.every((t) => t.generated)) || catalog.benchmarks[0];
  return { id: first ? first.id : '', tasks: null, lengths: '', samples: '', seed: '' };
}

/** A spec value from a text field: integers as numbers, the rest (8k, 50%) as written. */
const scalar = (text) => (/^-?\d+$/.test(text) ? Number(text) : text);

function buildSpec(form) {
  const spec = {};
  if (form.name.trim()) spec.name = form.name.trim();
  const where = form.model === '' ? form.customModel.trim() : form.model;
  if (where !== form.defaultModel || form.backend) {
    const model = { ref: where }; // a path, a URL or a hub id
    if (form.backend) model.backend = form.backend;
    spec.model = model;
  }
  if (form.kv.length) {
    spec.kv = form.kv.map((m) => {
      const params = {};
      for (const [name, value] of Object.entries(m.params)) {
        if (value !== '' && value !== null && value !== undefined) params[name] = typeof value === 'string' ? scalar(value.trim()) : value;
      }
      return Object.keys(params).length ? { id: m.id, params } : m.id;
    });
  }
  spec.benchmarks = form.benchmarks.map((b) => {
    const entry = { id: b.id };
    if (b.tasks) entry.tasks = [...b.tasks];
    const lengths = b.lengths.split(',').map((x) => x.trim()).filter(Boolean);
    if (lengths.length) entry.lengths = lengths.map(scalar);
    if (String(b.samples).trim() !== '') entry.samples = scalar(String(b.samples).trim());
    if (String(b.seed).trim() !== '') entry.seed = scalar(String(b.seed).trim());
    if (b.params && Object.keys(b.params).length) entry.params = b.params;
    return entry;
  });
  if (form.judge) spec.judge = { id: form.judge };
  const settings = {};
  if (!form.chatTemplate) settings.chat_template = false;
  if (form.truncation !== 'middle') settings.truncation = form.truncation;
  if (form.maxLength.trim()) settings.max_length = scalar(form.maxLength.trim());
  if (Object.keys(settings).length) spec.settings = settings;
  return spec;
}

function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', null, label), input, hint ? h('small', null, hint) : null);
}

function textInput(value, path, onInput, attributes = {}) {
  return h('input', { type: 'text', value, 'data-path': path, oninput: (e) => onInput(e.target.value), ...attributes });
}

function select(options, value, path, onChange, attributes = {}) {
  return h('select', { 'data-path': path, onchange: (e) => onChange(e.target.value), ...attributes },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

function paramInput(spec, path, value, onValue) {
  const hint = [spec.description, spec.type === 'INT' || spec.type === 'DOUBLE' ? `[${spec.min}, ${spec.max}]` : null]
    .filter(Boolean).join(' ');
  const shown = value ?? '';
  let input;
  if (spec.type === 'CHOICE') {
    input = select([['', `default (${spec.defaultValue ?? 'derived'})`], ...spec.choices.map((c) => [c, c])], shown, path, onValue);
  } else if (spec.type === 'BOOLEAN') {
    input = select([['', `default (${spec.defaultValue})`], ['true', 'true'], ['false', 'false']], String(shown), path,
      (v) => onValue(v === '' ? '' : v === 'true'));
  } else {
    input = textInput(String(shown), path, onValue, {
      placeholder: spec.defaultValue === null || spec.defaultValue === undefined ? 'derived' : String(spec.defaultValue),
      inputmode: spec.type === 'STRING' ? 'text' : 'decimal', size: 8,
    });
  }
  return field(spec.name, input, hint);
}

/** Task parameters as a JSON object; the placeholder shows the selected tasks' defaults. */
function paramsField(b, info, path, changed) {
  const defaults = Object.assign({}, ...info.tasks.filter((t) => !b.tasks || b.tasks.includes(t.name)).map((t) => t.parameters));
  const note = h('small', null, 'JSON object; empty for the defaults');
  const input = h('input', {
    type: 'text', 'data-path': `${path}.params`, name: 'params', value: b.params ? JSON.stringify(b.params) : '',
    placeholder: Object.keys(defaults).length ? JSON.stringify(defaults) : 'no parameters',
    oninput: (e) => {
      const text = e.target.value.trim();
      try {
        const value = text ? JSON.parse(text) : null;
        if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw new Error('expected a JSON object');
        b.params = value;
        note.textContent = 'JSON object; empty for the defaults';
        e.target.classList.remove('invalid');
        changed();
      } catch (error) {
        note.textContent = `${path}.params: ${error.message}`;
        e.target.classList.add('invalid');
      }
    },
  });
  return h('label', { class: 'field' }, h('span', null, 'Parameters'), input, note);
}

export async function newRunPage() {
  const catalog = await get('/api/catalog');
  const defaultModel = (catalog.models.find((m) => m.default) || {}).path || '';
  const form = {
    name: '', defaultModel, model: defaultModel, customModel: '', backend: '', suite: '',
    benchmarks: [emptyBenchmark(catalog)], kv: [], judge: '', chatTemplate: true, truncation: 'middle', maxLength: '',
  };
  const benchmarkById = Object.fromEntries(catalog.benchmarks.map((b) => [b.id, b]));
  const kvById = Object.fromEntries(catalog.kv.map((k) => [k.id, k]));

  const preview = h('pre', { id: 'spec-preview', class: 'spec' });
  const verdict = h('div', { id: 'validation', class: 'validation' });
  const benchmarksBox = h('div', { id: 'benchmarks' });
  const kvBox = h('div', { id: 'kv-methods' });
  const startButton = h('button', { type: 'submit', id: 'start-run' }, 'Start run');
  const checkButton = h('button', { type: 'button', class: 'quiet', id: 'check-spec', onclick: () => check(true) }, 'Check');
  let timer = null;
  let checked = 0;

  const showError = (error) => {
    for (const marked of document.querySelectorAll('.invalid')) marked.classList.remove('invalid');
    const location = error.location || '';
    const target = [...document.querySelectorAll('#new-run [data-path]')]
      .filter((e) => location === e.dataset.path || location.startsWith(`${e.dataset.path}.`) || location.startsWith(`${e.dataset.path}[`))
      .sort((a, b) => b.dataset.path.length - a.dataset.path.length)[0];
    if (target) target.classList.add('invalid');
    replace(verdict, errorBox(error));
  };

  // Checks as the user types do not ask for the token; the Check button does.
  const check = async (askOn401 = false) => {
    const spec = buildSpec(form);
    const ticket = ++checked;
    try {
      const result = await post('/api/runs/validate', spec, askOn401);
      if (ticket !== checked) return;
      for (const marked of document.querySelectorAll('.invalid')) marked.classList.remove('invalid');
      const methods = result.kv.length ? result.kv.join(', ') : 'the full cache';
      replace(verdict, h('div', { class: 'ok' }, `Valid: ${result.benchmarks.join(', ')} with ${methods}.`));
    } catch (error) {
      if (ticket !== checked) return;
      if (error.status === 401) {
        replace(verdict, h('div', { class: 'note' }, 'Checking the spec needs the server\'s token: press Check to enter it.'));
      } else {
        showError(error);
      }
    }
  };

  const changed = (validate = true) => {
    preview.textContent = JSON.stringify(buildSpec(form), null, 2);
    clearTimeout(timer);
    if (validate) timer = setTimeout(() => check(false), 400);
  };

  const renderBenchmarks = () => {
    replace(benchmarksBox, form.benchmarks.map((b, i) => {
      const info = benchmarkById[b.id] || { tasks: [] };
      const path = `benchmarks[${i}]`;
      const tasks = h('div', { class: 'tasks', 'data-path': `${path}.tasks` }, info.tasks.map((t) => h('label', { class: 'check', title: t.description },
        h('input', {
          type: 'checkbox', value: t.name, checked: !b.tasks || b.tasks.includes(t.name),
          onchange: (e) => {
            const all = info.tasks.map((x) => x.name);
            const current = new Set(b.tasks || all);
            if (e.target.checked) current.add(t.name); else current.delete(t.name);
            b.tasks = current.size === all.length ? null : all.filter((x) => current.has(x));
            changed();
          },
        }), t.name)));
      const generated = info.tasks.some((t) => t.generated && (!b.tasks || b.tasks.includes(t.name)));
      return h('fieldset', { class: 'row', 'data-path': path },
        h('legend', null, `Benchmark ${i + 1}`),
        field('Benchmark', select(catalog.benchmarks.map((x) => [x.id, x.id]), b.id, `${path}.id`, (v) => {
          Object.assign(b, { id: v, tasks: null });
          renderBenchmarks();
          changed();
        }), info.description),
        h('div', { class: 'field' }, h('span', null, 'Tasks'), tasks),
        h('div', { class: 'inline' },
          generated ? field('Lengths', textInput(b.lengths, `${path}.lengths`, (v) => { b.lengths = v; changed(); },
            { placeholder: '4k, 8k, 50%', name: `lengths-${i}` }), 'tokens, sizes (k = 1024) or a share of the window') : null,
          field('Samples', textInput(String(b.samples), `${path}.samples`, (v) => { b.samples = v; changed(); },
            { placeholder: 'all', size: 6, name: `samples-${i}` }), generated ? 'per length' : 'in total'),
          field('Seed', textInput(String(b.seed), `${path}.seed`, (v) => { b.seed = v; changed(); }, { placeholder: '0', size: 6 }))),
        paramsField(b, info, path, changed),
        h('button', { type: 'button', class: 'quiet', onclick: () => { form.benchmarks.splice(i, 1); renderBenchmarks(); changed(); } }, 'Remove'));
    }), h('button', { type: 'button', id: 'add-benchmark', onclick: () => { form.benchmarks.push(emptyBenchmark(catalog)); renderBenchmarks(); changed(); } }, 'Add benchmark'));
  };

  const renderKv = () => {
    replace(kvBox, form.kv.length === 0 ? h('p', { class: 'empty' }, 'None: the full cache only. Two or more methods make a comparison run, with the full cache as reference.') : null,
      form.kv.map((m, i) => {
        const info = kvById[m.id] || { parameters: [] };
        const path = `kv[${i}]`;
        return h('fieldset', { class: 'row', 'data-path': path, 'data-kv': m.id },
          h('legend', null, `KV method ${i + 1}`),
          field('Method', select(catalog.kv.map((x) => [x.id, x.id]), m.id, `${path}.id`, (v) => {
            Object.assign(m, { id: v, params: {} });
            renderKv();
            changed();
          }), info.description),
          h('div', { class: 'params' }, info.parameters.map((p) => paramInput(p, `${path}.${m.id}.${p.name}`, m.params[p.name],
            (v) => { m.params[p.name] = v; changed(); }))),
          h('button', { type: 'button', class: 'quiet', onclick: () => { form.kv.splice(i, 1); renderKv(); changed(); } }, 'Remove'));
      }),
      h('button', {
        type: 'button', id: 'add-kv',
        onclick: () => { form.kv.push({ id: (catalog.kv[0] || {}).id, params: {} }); renderKv(); changed(); },
      }, 'Add KV method'));
  };

  const custom = textInput('', 'model', (v) => { form.customModel = v; changed(); }, { placeholder: 'path, URL or hub id', hidden: true });
  const modelSelect = select([...catalog.models.map((m) => [m.path, m.default ? `${m.name} (shipped)` : m.name]), ['', 'Other…']],
    form.model, 'model', (v) => {
      form.model = v;
      custom.hidden = v !== '';
      changed();
    }, { id: 'model' });
  const suiteSelect = select([['', 'none: choose benchmarks below'], ...catalog.suites.map((s) => [s.name, s.name])], '', 'suite', (name) => {
    const suite = catalog.suites.find((s) => s.name === name);
    if (suite) {
      form.benchmarks = suite.spec.benchmarks.map((b) => ({
        id: b.id, tasks: b.tasks && b.tasks.length ? [...b.tasks] : null, lengths: (b.lengths || []).join(', '),
        samples: b.samples ?? '', seed: b.seed ?? '', params: b.params,
      }));
      if (!form.name) form.name = suite.name;
      renderBenchmarks();
    }
    changed();
  }, { id: 'suite' });

  const element = h('section', { class: 'page', id: 'new-run' },
    h('div', { class: 'page-head' }, h('h1', null, 'New run')),
    h('form', {
      class: 'grid', novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        startButton.disabled = true;
        try {
          const started = await post('/api/runs', buildSpec(form));
          location.hash = `#/run/${encodeURIComponent(started.id)}`;
        } catch (error) {
          showError(error);
        } finally {
          startButton.disabled = false;
        }
      },
    },
    h('div', { class: 'column' },
      h('fieldset', null, h('legend', null, 'Run'),
        field('Name', textInput('', 'name', (v) => { form.name = v; changed(); }, { placeholder: 'run', id: 'run-name' }), 'the run id starts with it'),
        field('Model', modelSelect), custom,
        field('Backend', select([['', 'any that opens the model'], ...catalog.backends.map((b) => [b.id, b.id])], '', 'model.backend',
          (v) => { form.backend = v; changed(); })),
        field('Suite', suiteSelect, 'fills the benchmarks below'),
        field('Judge', select([['', 'none'], ...catalog.judges.map((j) => [j.id, j.id])], '', 'judge',
          (v) => { form.judge = v; changed(); }), 'for reward benchmarks')),
      h('fieldset', null, h('legend', null, 'Settings'),
        h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: true, 'data-path': 'settings.chat_template', onchange: (e) => { form.chatTemplate = e.target.checked; changed(); } }), 'chat template'),
        field('Truncation', select(TRUNCATIONS.map((t) => [t, t]), 'middle', 'settings.truncation', (v) => { form.truncation = v; changed(); })),
        field('Max length', textInput('', 'settings.max_length', (v) => { form.maxLength = v; changed(); }, { placeholder: "the model's window" }))),
      h('h2', null, 'KV methods'), kvBox),
    h('div', { class: 'column' }, h('h2', null, 'Benchmarks'), benchmarksBox,
      h('h2', null, 'Spec'), preview, verdict, h('div', { class: 'actions' }, checkButton, startButton))));
  renderBenchmarks();
  renderKv();
  changed(false);
  return { title: 'New run', element, leave: () => clearTimeout(timer) };
}
