// The Wizard tab: SPF, DMARC and DKIM records built by the core (wasm/bindings_records.cpp), forms on
// the left, the live record and its checks on the right, copy buttons and zone snippets.
// Nothing typed here leaves the page except DNS names for the live SPF budget; DKIM keys are made
// in the worker from crypto.getRandomValues and never sent.
import './wizard.css';
import { t } from '../i18n';
import type { PageApi } from '../page-api';
import { el } from './wizard-ui';
import { mountDkim } from './wizard-dkim';
import { mountDmarc } from './wizard-dmarc';
import { mountSpf } from './wizard-spf';

type Sub = { key: string; id: string; mount: (form: HTMLElement, out: HTMLElement) => { rerender(): void } };

export async function mount(panel: HTMLElement, page: PageApi) {
  panel.replaceChildren();
  panel.classList.add('wizard');
  const live = el('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite', id: 'wz-live' });
  panel.append(el('h2', { i18n: 'wizard.title' }), el('p', { class: 'note', i18n: 'wizard.intro' }), live);

  let providers: any = { spf: [], dkim: [] };
  try {
    providers = await page.call('record.providers', {});
  } catch (e: any) {
    panel.append(el('p', { class: 'error', role: 'alert', text: `${t('wizard.unavailable')} (${e?.message ?? e})` }));
    return;
  }

  const subs: Sub[] = [
    { key: 'wizard.tab.spf', id: 'spf', mount: (f, o) => mountSpf(f, o, page, live, providers.spf) },
    { key: 'wizard.tab.dmarc', id: 'dmarc', mount: (f, o) => mountDmarc(f, o, page, live) },
    { key: 'wizard.tab.dkim', id: 'dkim', mount: (f, o) => mountDkim(f, o, page, live, providers.dkim) },
  ];
  const list = el('div', { role: 'tablist', class: 'wz-tabs', 'aria-label': t('wizard.title') });
  panel.append(list);
  const buttons: HTMLButtonElement[] = [];
  const panes: HTMLElement[] = [];
  const views: { rerender(): void }[] = [];
  for (const [i, s] of subs.entries()) {
    const b = el('button', { role: 'tab', id: `wz-tab-${s.id}`, 'aria-controls': `wz-pane-${s.id}`, type: 'button', i18n: s.key });
    const form = el('form', { class: 'wz-form', novalidate: true, 'aria-labelledby': `wz-tab-${s.id}` });
    form.addEventListener('submit', (e) => e.preventDefault());
    const out = el('div', { class: 'wz-out', role: 'region', 'aria-live': 'polite', 'aria-label': t('wizard.output') });
    const pane = el('section', { role: 'tabpanel', id: `wz-pane-${s.id}`, 'aria-labelledby': `wz-tab-${s.id}`, class: 'wz-pane' },
      el('div', { class: 'wz-grid' }, form, out));
    pane.hidden = i !== 0;
    b.setAttribute('aria-selected', String(i === 0));
    b.tabIndex = i === 0 ? 0 : -1;
    list.append(b);
    panel.append(pane);
    buttons.push(b);
    panes.push(pane);
    views.push(s.mount(form, out));
  }
  const select = (i: number, focus = true) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      panes[j].hidden = i !== j;
    });
    if (focus) buttons[i].focus();
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      const n = buttons.length;
      const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (to >= 0) {
        e.preventDefault();
        e.stopPropagation();
        select(to);
      }
    });
  });

  // Dynamic output is re-rendered in the new language (static labels follow data-i18n).
  page.onLanguageChange(() => {
    list.setAttribute('aria-label', t('wizard.title'));
    for (const o of panel.querySelectorAll('.wz-out')) o.setAttribute('aria-label', t('wizard.output'));
    views.forEach((v) => v.rerender());
  });
}
