// Wizard → DKIM: the key generator (keys are made in this page's worker from crypto.getRandomValues
// and never sent anywhere), selector advice and rotation plan (record.dkim), and the records that
// delegate signing to a provider (record.delegation).
import { t } from '../i18n';
import {
  copyButton, el, listField, renderNotes, renderPublished, selectField, textField, tr, values, type Note, type Published,
  type WizardHost,
} from './wizard-ui';

type DkimProvider = { id: string; name: string; needs: string };

function randomSeed(): string {
  const bytes = new Uint8Array(64);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  bytes.fill(0);
  return btoa(s);
}

export function mountDkim(form: HTMLElement, out: HTMLElement, host: WizardHost, live: HTMLElement, providers: DkimProvider[]) {
  const [modeF, mode] = selectField('wizard.dkim.mode', [['generate', 'wizard.dkim.modeGenerate'], ['delegate', 'wizard.dkim.modeDelegate']],
    { id: 'wz-dkim-mode', value: 'generate' });
  const [domainF, domain] = textField('wizard.domain', { id: 'wz-dkim-domain', placeholder: 'example.com' });
  // generate
  const now = new Date();
  const dated = `s${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const [selF, selector] = textField('wizard.dkim.selector', { id: 'wz-dkim-selector', value: dated, help: 'wizard.dkim.selectorHelp' });
  const [typeF, type] = selectField('wizard.dkim.type', [['rsa', 'RSA'], ['ed25519', 'Ed25519']], { id: 'wz-dkim-type', value: 'rsa' });
  const [bitsF, bits] = selectField('wizard.dkim.bits', [['2048', '2048'], ['3072', '3072'], ['4096', '4096'], ['1024', '1024']],
    { id: 'wz-dkim-bits', value: '2048' });
  const genBtn = el('button', { type: 'button', class: 'button primary', id: 'wz-dkim-generate', i18n: 'wizard.dkim.generate' });
  const genWrap = el('div', {}, selF, typeF, bitsF, el('p', { class: 'note', i18n: 'wizard.dkim.local' }), el('div', { class: 'row' }, genBtn));
  // delegate
  const [provF, prov] = selectField('wizard.dkim.provider', providers.map((p) => [p.id, p.name] as [string, string]), { id: 'wz-dkim-provider' });
  const needs = el('p', { class: 'note', id: 'wz-dkim-needs' });
  const [tokF, tokens] = listField('wizard.dkim.tokens', { id: 'wz-dkim-tokens' });
  const [accF, account] = textField('wizard.dkim.account', { id: 'wz-dkim-account' });
  const delWrap = el('div', { hidden: true }, provF, needs, tokF, accF);
  const [ttlF, ttl] = selectField('wizard.ttl', [['300', '300'], ['3600', '3600'], ['86400', '86400']], { id: 'wz-dkim-ttl', value: '3600' });
  form.append(modeF, domainF, genWrap, delWrap, ttlF);

  const result = el('div', { id: 'wz-dkim-result', 'aria-live': 'polite' });
  out.append(result);
  let last: any = null;
  let lastKind = '';

  function syncMode() {
    const gen = mode.value === 'generate';
    genWrap.hidden = !gen;
    delWrap.hidden = gen;
    const p = providers.find((x) => x.id === prov.value);
    needs.textContent = p ? `${t('wizard.dkim.needs')}: ${tr(`wizard.dkim.needs.${p.id}`, p.needs)}` : '';
    tokF.hidden = !(prov.value === 'ses' || prov.value === 'google');
    accF.hidden = !(prov.value === 'sendgrid' || prov.value === 'm365');
    bitsF.hidden = type.value !== 'rsa';
  }

  genBtn.addEventListener('click', async () => {
    genBtn.disabled = true;
    result.replaceChildren(el('p', { class: 'status', text: t('wizard.dkim.generating') }));
    try {
      last = await host.call('record.dkim', {
        domain: domain.value.trim() || 'example.com', selector: selector.value.trim(), type: type.value, bits: Number(bits.value),
        ttl: Number(ttl.value), date: dated.slice(1), random: randomSeed(),
      });
    } catch (e: any) {
      last = { error: { code: e?.code ?? 'error', message: e?.message ?? String(e) } };
    }
    lastKind = 'generate';
    genBtn.disabled = false;
    render();
  });

  async function delegate() {
    try {
      last = await host.call('record.delegation', {
        provider: prov.value, domain: domain.value.trim() || 'example.com',
        tokens: prov.value === 'google' ? [tokens.value.trim()].filter(Boolean) : values(tokens.value),
        account: account.value.trim(), ttl: Number(ttl.value),
      });
    } catch (e: any) {
      last = { error: { code: e?.code ?? 'error', message: e?.message ?? String(e) } };
    }
    lastKind = 'delegate';
    render();
  }

  function render() {
    result.replaceChildren();
    const res = last;
    if (!res) return;
    if (res.error) {
      // Missing provider input is expected while typing: a note, not an alarm.
      const missing = res.error.code === 'records.dkim.missing_input';
      result.append(el('p', { class: missing ? 'note' : 'error', role: missing ? 'status' : 'alert', id: 'wz-dkim-error' },
        tr(`wizard.err.${res.error.code}`, res.error.message)));
      return;
    }
    if (lastKind === 'generate' && res.kind === 'dkim') {
      const keyId = 'wz-dkim-private';
      const ta = el('textarea', { id: keyId, readonly: true, rows: '8', spellcheck: 'false', class: 'wz-key' });
      ta.value = res.private_pem;
      const dl = el('button', { type: 'button', class: 'button secondary', id: 'wz-dkim-download', i18n: 'wizard.dkim.download' });
      dl.addEventListener('click', () => host.download(`${selector.value.trim() || 'dkim'}.private.pem`, res.private_pem, 'application/x-pem-file'));
      result.append(
        el('h3', { i18n: 'wizard.dkim.privateKey' }),
        el('label', { for: keyId, class: 'note', i18n: 'wizard.dkim.privateHelp' }),
        ta,
        el('div', { class: 'row' }, copyButton(res.private_pem, 'wizard.copy', t('wizard.dkim.privateKey'), live, 'wz-dkim-copy-private'), dl),
        el('h3', { i18n: 'wizard.dkim.record' }),
        el('pre', { class: 'raw wz-main', id: 'wz-dkim-record', tabindex: '0', text: res.record }),
      );
      (res.publish as Published[]).forEach((r, i) => result.append(renderPublished(r, live, `wz-dkim-${i}`)));
      result.append(renderNotes(res.notes as Note[]));
      const ol = el('ol', { class: 'wz-rotation' });
      for (const n of res.rotation as Note[]) ol.append(el('li', { text: tr(`wizard.note.${n.code}`, n.message.replace(/^\d+\.\s*/, ''), n.params) }));
      result.append(el('section', { class: 'wz-block' }, el('h4', { i18n: 'wizard.dkim.rotation' }),
        el('p', { class: 'note', text: t('wizard.dkim.nextSelector', { s: res.next_selector }) }), ol));
    } else if (res.kind === 'delegation') {
      (res.publish as Published[]).forEach((r, i) => result.append(renderPublished(r, live, `wz-dkim-d${i}`)));
      result.append(renderNotes(res.notes as Note[]));
    }
  }

  form.addEventListener('change', () => {
    syncMode();
    if (mode.value === 'delegate') delegate();
  });
  form.addEventListener('input', () => {
    if (mode.value === 'delegate') delegate();
  });
  syncMode();
  return { rerender: render };
}
