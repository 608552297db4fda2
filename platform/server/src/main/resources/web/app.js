// The pages' router: the part of the URL after '#' names the page (#/runs, #/new, #/run/<id>,
// #/run/<id>/samples?task=..., #/run/<id>/sample/<line>, #/plugins).
import { askToken, hasToken } from './api.js';
import { errorBox, replace } from './dom.js';
import { runsPage } from './pages/runs.js';
import { newRunPage } from './pages/new-run.js';
import { runPage } from './pages/run.js';
import { samplesPage, samplePage } from './pages/samples.js';
import { pluginsPage } from './pages/plugins.js';

const routes = [
  [/^\/runs$/, () => runsPage()],
  [/^\/new$/, () => newRunPage()],
  [/^\/run\/([^/]+)$/, (id) => runPage(decodeURIComponent(id))],
  [/^\/run\/([^/]+)\/samples$/, (id, query) => samplesPage(decodeURIComponent(id), query)],
  [/^\/run\/([^/]+)\/sample\/(\d+)$/, (id, line) => samplePage(decodeURIComponent(id), Number(line))],
  [/^\/plugins$/, () => pluginsPage()],
];

let leave = null; // closes the current page's event streams and timers

async function show() {
  const [path, query] = (location.hash.slice(1) || '/runs').split('?');
  if (leave) leave();
  leave = null;
  const view = document.getElementById('view');
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', path.startsWith(`/${link.dataset.nav}`) || (link.dataset.nav === 'runs' && path.startsWith('/run/')));
  }
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!route) {
    replace(view, errorBox(new Error(`no page ${path}`)));
    return;
  }
  try {
    const page = await route[1](...path.match(route[0]).slice(1), new URLSearchParams(query || ''));
    replace(view, page.element);
    leave = page.leave || null;
    document.title = `LongScope · ${page.title}`;
  } catch (error) {
    replace(view, errorBox(error));
  }
}

function showTokenState() {
  document.getElementById('token-button').textContent = hasToken() ? 'Token ✓' : 'Token';
}

document.getElementById('token-button').addEventListener('click', async () => {
  await askToken();
  showTokenState();
});
document.getElementById('token-dialog').addEventListener('close', showTokenState);
window.addEventListener('hashchange', show);
showTokenState();
show();
