// The demo store's behaviour: a cart in localStorage, and the tracking calls a real store makes
// through the pasted Contlo snippet (window.contlo) — nothing here reaches into the SDK's internals.
(() => {
  'use strict';
  const CART_KEY = 'kl-cart';
  const CUSTOMER_KEY = 'kl-customer';
  const ORDER_KEY = 'kl-last-order';
  const CURRENCY = 'INR';
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
  const fmt = new Intl.NumberFormat('en-IN', { style: 'currency', currency: CURRENCY, minimumFractionDigits: 0, maximumFractionDigits: 2 });
  const money = (n) => fmt.format(n);
  const round2 = (n) => Math.round(n * 100) / 100;
  const read = (key, fallback) => {
    try {
      return JSON.parse(localStorage.getItem(key)) ?? fallback;
    } catch {
      return fallback;
    }
  };
  const write = (key, v) => localStorage.setItem(key, JSON.stringify(v));
  const pageData = () => JSON.parse($('#page-data')?.textContent || 'null');
  const el = (tag, attrs = {}, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    e.append(...kids);
    return e;
  };
  const say = (node, text, isError = false) => {
    if (!node) return;
    node.textContent = text;
    node.classList.toggle('error', isError);
  };
  const errorText = (err) => (err && err.message) || String(err);

  const cart = () => read(CART_KEY, []);
  const saveCart = (lines) => {
    write(CART_KEY, lines);
    renderCount();
  };
  const subtotalOf = (lines) => round2(lines.reduce((s, l) => s + l.price * l.quantity, 0));
  const countOf = (lines) => lines.reduce((s, l) => s + l.quantity, 0);
  const unique = (xs) => [...new Set(xs)];

  function renderCount() {
    for (const n of $$('[data-cart-count]')) n.textContent = String(countOf(cart()));
    const who = read(CUSTOMER_KEY, null);
    const link = $('[data-account-link]');
    if (link && who) {
      link.textContent = who.first_name ? `Hi, ${who.first_name}` : 'My account';
      link.title = `Signed in as ${who.email}`;
    }
  }

  /** Normalises an Indian mobile number to E.164 (+91…); other input is passed on for the SDK to judge. */
  function phoneE164(raw) {
    const digits = String(raw || '').replace(/[^\d+]/g, '');
    if (!digits) return '';
    if (/^\d{10}$/.test(digits)) return `+91${digits}`;
    if (/^0\d{10}$/.test(digits)) return `+91${digits.slice(1)}`;
    if (/^91\d{10}$/.test(digits)) return `+${digits}`;
    return digits;
  }

  async function signIn(profile) {
    const clean = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== '' && v !== undefined));
    await contlo.identify(clean);
    write(CUSTOMER_KEY, { email: String(clean.email).trim().toLowerCase(), first_name: clean.first_name || read(CUSTOMER_KEY, {})?.first_name || '' });
    renderCount();
  }

  function onProduct() {
    const p = pageData();
    const form = $('[data-add-form]');
    const variant = () => p.variants.find((v) => v.variant_id === $('input[name=variant]:checked', form).value);
    const base = (v) => ({
      product_id: p.product_id, product_name: p.product_name, variant_id: v.variant_id, variant_name: v.title, sku: v.sku,
      price: v.price, compare_at_price: v.compare_at_price, currency: CURRENCY, vendor: p.vendor, category: p.category,
      collection_ids: p.collection_ids, collection_names: p.collection_names, url: location.origin + location.pathname,
      image_url: location.origin + p.image_url,
    });
    contlo.track('Viewed Product', base(variant()));
    form.addEventListener('change', () => {
      const v = variant();
      $('[data-price]').textContent = money(v.price);
      $('[data-sku]').textContent = v.sku;
      history.replaceState(null, '', `?variant=${v.variant_id}`);
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = variant();
      const quantity = Math.min(10, Math.max(1, Number(form.quantity.value) || 1));
      const lines = cart();
      const line = lines.find((l) => l.variant_id === v.variant_id);
      if (line) line.quantity += quantity;
      else lines.push({ ...base(v), quantity });
      saveCart(lines);
      await contlo.track('Added to Cart', { ...base(v), quantity, cart_total: subtotalOf(lines), cart_item_count: countOf(lines) });
      const status = $('[data-status]', form);
      say(status, `Added ${quantity} × ${p.product_name} (${v.title}). `);
      status.append(el('a', { href: '/cart', text: 'View cart' }));
    });
  }

  function onCart() {
    const box = $('[data-cart-lines]');
    const draw = () => {
      const lines = cart();
      box.replaceChildren();
      $('[data-cart-summary]').hidden = lines.length === 0;
      if (lines.length === 0) {
        box.append(el('p', {}, 'Your cart is empty. ', el('a', { href: '/', text: 'Keep shopping' })));
        return;
      }
      const list = el('ul', { class: 'cart-lines' });
      for (const l of lines) {
        const remove = el('button', { type: 'button', class: 'link', text: 'Remove' });
        remove.addEventListener('click', () => {
          saveCart(cart().filter((x) => x.variant_id !== l.variant_id));
          contlo.track('Removed from Cart', { product_id: l.product_id, variant_id: l.variant_id, product_name: l.product_name, price: l.price, quantity: l.quantity, currency: CURRENCY });
          draw();
          $('h1').focus?.();
        });
        list.append(el('li', {},
          el('img', { src: l.image_url, alt: '', width: '64', height: '64' }),
          el('div', {}, el('a', { href: l.url, text: l.product_name }), el('span', { class: 'muted small', text: `${l.variant_name} · ${money(l.price)} × ${l.quantity}` })),
          el('strong', { text: money(l.price * l.quantity) }), remove));
      }
      box.append(list);
      $('[data-subtotal]').textContent = money(subtotalOf(lines));
    };
    draw();
  }

  function onAccount() {
    const form = $('[data-account-form]');
    const whoami = $('[data-whoami]');
    const show = () => {
      const who = read(CUSTOMER_KEY, null);
      whoami.textContent = who ? `${who.first_name ? `${who.first_name} · ` : ''}${who.email}` : 'Nobody yet — you are an anonymous visitor.';
    };
    show();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      try {
        await signIn({ email: f.get('email'), first_name: f.get('first_name'), newsletter: f.get('newsletter') === 'on' || undefined });
        say($('[data-status]', form), 'Signed in.');
        show();
      } catch (err) {
        say($('[data-status]', form), errorText(err), true);
      }
    });
    $('[data-sign-out]').addEventListener('click', async () => {
      await contlo.reset();
      localStorage.removeItem(CUSTOMER_KEY);
      show();
      const link = $('[data-account-link]');
      if (link) link.textContent = 'Sign in';
    });
  }

  const PUSH_TEXT = {
    subscribed: 'Notifications are on for this device.',
    denied: 'Notifications are blocked for this site in your browser settings.',
    dismissed: 'No problem — you can turn them on later.',
    unsupported: "This browser can't show web notifications.",
  };

  function wireShared() {
    for (const button of $$('[data-enable-push]')) {
      button.addEventListener('click', async () => {
        const status = button.parentElement.querySelector('[data-push-status]');
        button.disabled = true;
        try {
          const r = await contlo.subscribePush();
          say(status, PUSH_TEXT[r] || String(r), r !== 'subscribed');
          if (r === 'subscribed') for (const b of $$('[data-enable-push]')) b.textContent = 'Notifications on';
        } catch (err) {
          say(status, errorText(err), true);
        } finally {
          button.disabled = false;
        }
      });
    }
    const news = $('[data-newsletter-form]');
    news?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const email = news.email.value;
      try {
        await signIn({ email, newsletter: true });
        await contlo.track('Subscribed to Newsletter', { source: 'footer', list: 'Letters from the workshop' });
        say($('[data-status]', news), 'Thanks — see you in your inbox.');
      } catch (err) {
        say($('[data-status]', news), errorText(err), true);
      }
    });
  }

  // checkout.js (loaded after this file on the checkout and confirmation pages) uses these.
  window.kettleAndLoom = { $, $$, el, say, money, round2, read, write, pageData, errorText, cart, saveCart, subtotalOf, countOf, unique, phoneE164, signIn, ORDER_KEY, CUSTOMER_KEY, CURRENCY };

  const PAGES = { product: onProduct, cart: onCart, account: onAccount };
  const kind = $('main')?.dataset.page;
  if (kind === 'collection') {
    const c = pageData();
    contlo.track('Viewed Collection', { collection_id: c.collection_id, collection_name: c.collection_name, product_ids: c.product_ids });
  }
  PAGES[kind]?.();
  wireShared();
  renderCount();
})();
