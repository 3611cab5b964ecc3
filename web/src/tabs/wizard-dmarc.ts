// Wizard → DMARC: RFC 9989 tags, the staged rollout plan, external report destinations and their
// authorisation records, the mailing-list caution (record.dmarc).
import { t } from '../i18n';
import {
  checkbox, el, listField, renderNotes, renderPublished, selectField, textField, tr, updateOnEdit, values, type Note,
  type Published, type WizardHost,
} from './wizard-ui';

const policies: [string, string][] = [['none', 'none'], ['quarantine', 'quarantine'], ['reject', 'reject']];
const optionalPolicies: [string, string][] = [['', 'wizard.dmarc.same'], ...policies];
const alignments: [string, string][] = [['', 'wizard.dmarc.relaxedDefault'], ['s', 'wizard.dmarc.strict']];

export function mountDmarc(form: HTMLElement, out: HTMLElement, host: WizardHost, live: HTMLElement) {
  const [domainF, domain] = textField('wizard.domain', { id: 'wz-dmarc-domain', placeholder: 'example.com' });
  const [pF, p] = selectField('wizard.dmarc.p', policies, { id: 'wz-dmarc-p', value: 'none' });
  const [tF, testing] = checkbox('wizard.dmarc.t', { id: 'wz-dmarc-t' });
  const [pctF, pct] = checkbox('wizard.dmarc.legacyPct', { id: 'wz-dmarc-pct', checked: true });
  const [spF, sp] = selectField('wizard.dmarc.sp', optionalPolicies, { id: 'wz-dmarc-sp', value: '' });
  const [npF, np] = selectField('wizard.dmarc.np', optionalPolicies, { id: 'wz-dmarc-np', value: '' });
  const [adkimF, adkim] = selectField('wizard.dmarc.adkim', alignments, { id: 'wz-dmarc-adkim', value: '' });
  const [aspfF, aspf] = selectField('wizard.dmarc.aspf', alignments, { id: 'wz-dmarc-aspf', value: '' });
  const [ruaF, rua] = listField('wizard.dmarc.rua', { id: 'wz-dmarc-rua', placeholder: 'mailto:dmarc-reports@example.com', help: 'wizard.dmarc.ruaHelp' });
  const [rufF, ruf] = listField('wizard.dmarc.ruf', { id: 'wz-dmarc-ruf', placeholder: 'mailto:dmarc-failures@example.com' });
  const [foF, fo] = selectField('wizard.dmarc.fo', [['', 'wizard.dmarc.foDefault'], ['1', '1'], ['d', 'd'], ['s', 's'], ['1:d:s', '1:d:s']], { id: 'wz-dmarc-fo' });
  const [psdF, psd] = selectField('wizard.dmarc.psd', [['', 'wizard.dmarc.psdUnset'], ['n', 'n'], ['y', 'y']], { id: 'wz-dmarc-psd' });
  const [mlF, lists] = checkbox('wizard.dmarc.mailingLists', { id: 'wz-dmarc-lists' });
  const [ttlF, ttl] = selectField('wizard.ttl', [['300', '300'], ['3600', '3600'], ['86400', '86400']], { id: 'wz-dmarc-ttl', value: '3600' });
  const advanced = el('details', {}, el('summary', { i18n: 'wizard.dmarc.advanced' }), spF, npF, adkimF, aspfF, rufF, foF, psdF);
  form.append(domainF, pF, el('div', { class: 'wz-row' }, tF, pctF), ruaF, mlF, advanced, ttlF);

  const result = el('div', { id: 'wz-dmarc-result' });
  out.append(result);
  let seq = 0;
  let last: any = null;

  async function update() {
    const me = ++seq;
    let res: any;
    const input = {
      domain: domain.value.trim() || 'example.com', p: p.value, sp: sp.value, np: np.value, adkim: adkim.value, aspf: aspf.value,
      rua: values(rua.value), ruf: values(ruf.value), fo: fo.value, t: testing.checked, legacy_pct: pct.checked, psd: psd.value,
      mailing_lists: lists.checked, ttl: Number(ttl.value),
    };
    try {
      res = await host.call('record.dmarc', input);
    } catch (e: any) {
      res = { error: { code: e?.code ?? 'error', message: e?.message ?? String(e) } };
    }
    if (me !== seq) return;
    last = res;
    render();
  }

  function render() {
    const res = last;
    if (!res) return;
    result.replaceChildren();
    if (res.error) {
      result.append(el('p', { class: 'error', role: 'alert', id: 'wz-dmarc-error' }, tr(`wizard.err.${res.error.code}`, res.error.message)));
      return;
    }
    result.append(
      el('h3', { i18n: 'wizard.dmarc.record' }),
      el('pre', { class: 'raw wz-main', id: 'wz-dmarc-record', tabindex: '0', text: res.record }),
    );
    (res.publish as Published[]).forEach((r, i) => result.append(renderPublished(r, live, `wz-dmarc-${i}`)));
    const ol = el('ol', { class: 'wz-rollout', id: 'wz-dmarc-rollout' });
    for (const s of res.rollout) {
      const li = el('li', { class: s.current ? 'wz-current' : '' },
        el('strong', { text: tr(`wizard.note.${s.code}.title`, s.title) }),
        s.current ? el('span', { class: 'pill good', text: t('wizard.dmarc.thisRecord') }) : null,
        el('pre', { class: 'raw', text: s.record }),
        el('p', {}, `${t('wizard.dmarc.watch')}: ${tr(`wizard.note.${s.code}.watch`, s.watch)}`),
        el('p', { class: 'note' }, `${t('wizard.dmarc.duration')}: ${tr(`wizard.note.${s.code}.duration`, s.duration)}`));
      if (s.current) li.setAttribute('aria-current', 'step');
      ol.append(li);
    }
    result.append(el('section', { class: 'wz-block' }, el('h4', { i18n: 'wizard.dmarc.rollout' }), ol));
    result.append(renderNotes(res.notes as Note[]));
  }

  updateOnEdit(form, update);
  return { rerender: render };
}
