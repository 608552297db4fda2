// The bundles of the platform with their versions, states and services; upload a plugin jar and
// remove a plugin (both need the token).
import { api, get } from '../api.js';
import { badge, errorBox, h, replace, table } from '../dom.js';

export async function pluginsPage() {
  const message = h('div', { id: 'plugin-message' });
  const list = h('div', { id: 'plugin-list' });
  const refresh = async () => {
    const bundles = await get('/api/plugins');
    replace(list, table(['id', 'bundle', 'version', 'state', 'services', ''], bundles.map((b) => h('tr', { 'data-bundle': b.symbolicName },
      h('td', { class: 'num' }, b.id), h('td', null, b.symbolicName, b.plugin ? h('span', { class: 'tag' }, 'plugin') : null),
      h('td', null, b.version), h('td', { class: 'state' }, badge(b.state)),
      h('td', { class: 'services' }, b.services.filter((s) => s.kind).map((s) => `${s.kind}:${s.id}`).join(', ')),
      h('td', null, b.plugin ? h('button', {
        type: 'button', class: 'quiet', 'data-remove': b.symbolicName,
        onclick: async () => {
          try {
            await api('DELETE', `/api/plugins/${encodeURIComponent(b.symbolicName)}`);
            replace(message, h('div', { class: 'ok' }, `Removed ${b.symbolicName}.`));
          } catch (error) {
            replace(message, errorBox(error));
          }
          await refresh();
        },
      }, 'Remove') : null))), { id: 'plugins-table' }));
    return bundles;
  };
  const file = h('input', { type: 'file', id: 'plugin-file', accept: '.jar,application/java-archive' });
  const upload = h('form', {
    class: 'upload',
    onsubmit: async (e) => {
      e.preventDefault();
      const jar = file.files[0];
      if (!jar) {
        replace(message, errorBox(new Error('choose a bundle jar first')));
        return;
      }
      let installed = null;
      try {
        installed = await api('POST', `/api/plugins?name=${encodeURIComponent(jar.name)}`, await jar.arrayBuffer(), 'application/java-archive');
        replace(message, h('div', { class: 'ok' }, `Installed ${installed.symbolicName} ${installed.version} (${installed.state.toLowerCase()}).`));
        file.value = '';
      } catch (error) {
        replace(message, errorBox(error));
      }
      // Its services register once the bundle has started: look again for a few seconds.
      for (let i = 0; i < 10 && element.isConnected; i++) {
        const bundles = await refresh();
        const mine = installed && bundles.find((b) => b.symbolicName === installed.symbolicName);
        if (!mine || (mine.state === 'ACTIVE' && mine.services.some((x) => x.kind))) break;
        await new Promise((resolve) => { setTimeout(resolve, 1000); });
      }
    },
  }, h('label', { class: 'field' }, h('span', null, 'Bundle jar'), file), h('button', { type: 'submit', id: 'upload-plugin' }, 'Upload'));
  await refresh();
  const element = h('section', { class: 'page', id: 'plugins-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Plugins')), upload, message, list);
  return { title: 'Plugins', element };
}
