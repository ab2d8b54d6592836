// Live dashboard pages: listens to /api/stream (server-sent events) and, when new events are
// stored, re-fetches this page and swaps in its [data-live-region] parts. Open <details>,
// keyboard focus (kept on its row when new rows are prepended) and the scroll position
// survive; rows that are new get a brief highlight.
(() => {
  'use strict';
  const status = document.querySelector('[data-live-status]');
  const statusText = status?.querySelector('[data-live-text]');
  const onlyProfile = document.querySelector('[data-live-profile]')?.getAttribute('data-live-profile');
  const ROW_KEYS = ['data-seq', 'data-profile-row', 'data-campaign', 'data-order'];
  let timer = 0;
  let busy = false;
  let again = false;

  const setStatus = (on) => {
    status?.classList.toggle('on', on);
    if (statusText) statusText.textContent = on ? 'Live' : 'Reconnecting…';
  };

  const rowKeys = (root) => {
    const keys = new Set();
    for (const attr of ROW_KEYS) for (const n of root.querySelectorAll(`[${attr}]`)) keys.add(`${attr}=${n.getAttribute(attr)}`);
    return keys;
  };

  const focusables = (root) => [...root.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')];

  // Where focus is, as "the n-th focusable of the row with this key" (rows move when new ones are
  // prepended) or else as the n-th focusable of the region.
  const keyedRow = (el) => el.closest(ROW_KEYS.map((a) => `[${a}]`).join(','));
  function focusPlace(region) {
    const el = document.activeElement;
    if (!el || !region.contains(el)) return null;
    const row = keyedRow(el);
    const attr = row && ROW_KEYS.find((a) => row.hasAttribute(a));
    if (row && attr && region.contains(row)) return { attr, key: row.getAttribute(attr), index: focusables(row).indexOf(el) };
    return { index: focusables(region).indexOf(el) };
  }
  function restoreFocus(region, place) {
    if (!place || place.index < 0) return;
    const scope = place.attr ? [...region.querySelectorAll(`[${place.attr}]`)].find((n) => n.getAttribute(place.attr) === place.key) : region;
    // The focused row may have left the list (only the newest rows are shown): then the list's first control.
    ((scope && focusables(scope)[place.index]) || focusables(region)[0])?.focus({ preventScroll: true });
  }

  function swap(region, fresh) {
    const before = rowKeys(region);
    const open = new Set([...region.querySelectorAll('details[open][data-key]')].map((d) => d.dataset.key));
    const place = focusPlace(region);
    region.innerHTML = fresh.innerHTML;
    for (const d of region.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
    for (const attr of ROW_KEYS) {
      for (const n of region.querySelectorAll(`[${attr}]`)) {
        if (before.size > 0 && !before.has(`${attr}=${n.getAttribute(attr)}`)) n.classList.add('is-new');
      }
    }
    restoreFocus(region, place);
  }

  async function refresh() {
    if (busy) return void (again = true);
    busy = true;
    try {
      const res = await fetch(location.href, { headers: { Accept: 'text/html' }, cache: 'no-store' });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const y = window.scrollY;
      for (const region of document.querySelectorAll('[data-live-region][id]')) {
        const fresh = doc.getElementById(region.id);
        if (fresh) swap(region, fresh);
      }
      window.scrollTo(0, y);
      document.dispatchEvent(new CustomEvent('live:updated'));
    } catch {
      // The next event retries.
    } finally {
      busy = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  const source = new EventSource('/api/stream');
  source.addEventListener('open', () => setStatus(true));
  source.addEventListener('error', () => setStatus(false));
  source.addEventListener('ingest', (e) => {
    let notice;
    try {
      notice = JSON.parse(e.data);
    } catch {
      return;
    }
    if (onlyProfile && !notice.profiles.map(String).includes(onlyProfile)) return;
    schedule();
  });
  addEventListener('pagehide', () => source.close());
})();
