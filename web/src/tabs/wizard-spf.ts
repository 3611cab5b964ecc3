// Wizard → SPF: provider presets, own ranges and hosts, -all/~all, one merged record checked by the
// core (record.spf), and the live lookup budget (the spf.budget job over the page's DNS setting).
import { t } from '../i18n';
import {
  checkbox, el, listField, renderNotes, renderPublished, selectField, textField, tr, updateOnEdit, values, type Note,
  type Published, type WizardHost,
} from './wizard-ui';

type Provider = { id: string; name: string; include: string; note: string };

export function mountSpf(form: HTMLElement, out: HTMLElement, host: WizardHost, live: HTMLElement, providers: Provider[]) {
  const [domainF, domain] = textField('wizard.domain', { id: 'wz-spf-domain', placeholder: 'example.com' });
  const fs = el('fieldset', { class: 'wz-providers' }, el('legend', { i18n: 'wizard.spf.providers' }));
  const boxes = new Map<string, HTMLInputElement>();
  for (const p of providers) {
    const id = `wz-spf-p-${p.id}`;
    const input = el('input', { id, type: 'checkbox', value: p.id });
    boxes.set(p.id, input);
    // A provider's name is a name (data): the same in both languages.
    fs.append(el('div', { class: 'wz-check' }, input, el('label', { for: id, translate: 'no', text: p.name })));
  }
  const [sesF, ses] = textField('wizard.spf.sesMailFrom', { id: 'wz-spf-ses', placeholder: 'bounce', help: 'wizard.spf.sesHelp' });
  const [regionF, region] = textField('wizard.spf.sesRegion', { id: 'wz-spf-region', value: 'us-east-1' });
  const sesWrap = el('div', { class: 'wz-sub', hidden: true }, sesF, regionF);
  const [ip4F, ip4] = listField('wizard.spf.ip4', { id: 'wz-spf-ip4', placeholder: '192.0.2.0/24' });
  const [ip6F, ip6] = listField('wizard.spf.ip6', { id: 'wz-spf-ip6', placeholder: '2001:db8::/32' });
  const [hostsF, hosts] = listField('wizard.spf.hosts', { id: 'wz-spf-hosts', placeholder: 'mail.example.com' });
  const [incF, incs] = listField('wizard.spf.includes', { id: 'wz-spf-includes', placeholder: '_spf.example.net' });
  const [aF, a] = checkbox('wizard.spf.a', { id: 'wz-spf-a' });
  const [mxF, mx] = checkbox('wizard.spf.mx', { id: 'wz-spf-mx' });
  const allFs = el('fieldset', { class: 'wz-all' }, el('legend', { i18n: 'wizard.spf.all' }));
  const allInputs: HTMLInputElement[] = [];
  for (const [v, key] of [['fail', 'wizard.spf.allFail'], ['softfail', 'wizard.spf.allSoftfail']]) {
    const id = `wz-spf-all-${v}`;
    const r = el('input', { id, type: 'radio', name: 'wz-spf-all', value: v });
    if (v === 'fail') r.checked = true;
    allInputs.push(r);
    allFs.append(el('div', { class: 'wz-check' }, r, el('label', { for: id, i18n: key })));
  }
  allFs.append(el('p', { class: 'note', i18n: 'wizard.spf.allHelp' }));
  const [ttlF, ttl] = selectField('wizard.ttl', [['300', '300'], ['3600', '3600'], ['86400', '86400']], { id: 'wz-spf-ttl', value: '3600' });
  form.append(domainF, fs, sesWrap, ip4F, ip6F, hostsF, incF, el('div', { class: 'wz-row' }, aF, mxF), allFs, ttlF);

  const result = el('div', { id: 'wz-spf-result' });
  const budgetBtn = el('button', { type: 'button', class: 'button primary', id: 'wz-spf-check', i18n: 'wizard.spf.check' });
  const budgetOut = el('div', { id: 'wz-spf-budget', 'aria-live': 'polite' });
  out.append(result, el('div', { class: 'row' }, budgetBtn), budgetOut);

  let current: { record: string; domain: string } | null = null;
  let seq = 0;
  let last: any = null;

  function input() {
    return {
      domain: domain.value.trim(),
      providers: [...boxes].filter(([, b]) => b.checked).map(([id]) => id),
      ip4: values(ip4.value), ip6: values(ip6.value), hosts: values(hosts.value), includes: values(incs.value),
      a: a.checked, mx: mx.checked,
      all: allInputs.find((r) => r.checked)?.value ?? 'fail',
      ses_mail_from: ses.value.trim(), ses_region: region.value.trim() || 'us-east-1',
      ttl: Number(ttl.value),
    };
  }

  async function update() {
    sesWrap.hidden = !boxes.get('ses')?.checked;
    const me = ++seq;
    let res: any;
    try {
      res = await host.call('record.spf', input());
    } catch (e: any) {
      res = { error: { code: e?.code ?? 'error', message: e?.message ?? String(e) } };
    }
    if (me !== seq) return;
    last = res;
    budgetOut.replaceChildren();
    render();
  }

  function render() {
    const res = last;
    if (!res) return;
    result.replaceChildren();
    if (res.error) {
      current = null;
      budgetBtn.disabled = true;
      result.append(el('p', { class: 'error', role: 'alert', id: 'wz-spf-error' }, tr(`wizard.err.${res.error.code}`, res.error.message)));
      return;
    }
    budgetBtn.disabled = false;
    current = { record: res.record, domain: input().domain };
    result.append(
      el('h3', { i18n: 'wizard.spf.record' }),
      el('pre', { class: 'raw wz-main', id: 'wz-spf-record', tabindex: '0', text: res.record }),
      el('p', { class: 'note', id: 'wz-spf-lookups' }, t('wizard.spf.lookups', { n: res.lookups })),
    );
    (res.publish as Published[]).forEach((r, i) => result.append(renderPublished(r, live, `wz-spf-${i}`)));
    result.append(renderNotes(res.notes as Note[]));
  }

  budgetBtn.addEventListener('click', async () => {
    if (!current) return;
    budgetOut.replaceChildren(el('p', { class: 'status', text: t('wizard.spf.checking') }));
    budgetBtn.disabled = true;
    try {
      const outcome = await host.runJob('spf.budget', current.record, { domain: current.domain });
      renderBudget(outcome.result);
    } catch (e: any) {
      budgetOut.replaceChildren(el('p', { class: 'error', role: 'alert', text: e?.message ?? String(e) }));
    } finally {
      budgetBtn.disabled = false;
    }
  });

  let lastBudget: any = null;
  function renderBudget(b: any) {
    lastBudget = b;
    if (!b) return;
    // The core decides where the tree stands (records::budget_status); the page only colours it.
    const BUDGET_TONE: Record<string, string> = { within: 'good', near_limit: 'warn', over_limit: 'bad', incomplete: 'warn' };
    const cls = BUDGET_TONE[b.status] ?? 'warn';
    budgetOut.replaceChildren(
      el('h3', { i18n: 'wizard.spf.budget' }),
      el('p', { class: 'wz-budget', id: 'wz-spf-budget-count' }, el('span', { class: `pill ${cls}` },
        b.done ? t('wizard.spf.budgetCount', { n: b.lookups, limit: b.limit }) : t('wizard.spf.budgetIncomplete'))),
      tree(b.tree),
      renderNotes((b.notes as Note[]).filter((n) => n.severity !== 'info' || n.code.startsWith('records.')), 'wizard.spf.liveChecks'),
    );
  }

  function tree(n: any): HTMLElement {
    const ul = el('ul', { class: 'tree' });
    const li = el('li', {}, el('span', { class: 'mono', text: `${n.via ? `${n.via}:` : ''}${n.domain}` }),
      ` (${t('wizard.spf.treeLookups', { n: (n.lookup_terms ?? []).length })})`);
    for (const c of n.children ?? []) li.append(tree(c));
    ul.append(li);
    return ul;
  }

  updateOnEdit(form, update);
  return { rerender: () => { render(); renderBudget(lastBudget); } };
}
