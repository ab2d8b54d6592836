// The demo store's checkout and order confirmation: identify the buyer, then Placed Order and
// Charged through the pasted snippet. Shared helpers come from shop.js (loaded first).
(() => {
  'use strict';
  const { $, $$, el, say, money, round2, read, write, pageData, errorText, cart, saveCart, subtotalOf, countOf, unique, phoneE164, signIn, ORDER_KEY, CUSTOMER_KEY, CURRENCY } =
    window.kettleAndLoom;

  function totals(lines, coupon, cfg) {
    const subtotal = subtotalOf(lines);
    const discount = coupon ? round2((subtotal * cfg.coupon.percentOff) / 100) : 0;
    const shipping = subtotal - discount >= cfg.free_shipping_from ? 0 : cfg.shipping_fee;
    const total = round2(subtotal - discount + shipping);
    return { subtotal, discount, shipping, total, tax: round2((total * 18) / 118) };
  }

  function onCheckout() {
    const cfg = pageData();
    const form = $('[data-checkout-form]');
    const status = $('[data-status]', form);
    const who = read(CUSTOMER_KEY, null);
    if (who) form.email.value = who.email;
    let coupon = '';
    const checkoutId = `chk_${Math.random().toString(36).slice(2, 12)}`;
    const draw = () => {
      const lines = cart();
      const t = totals(lines, coupon, cfg);
      $('[data-summary-lines]').replaceChildren(...lines.map((l) => el('p', { class: 'summary-line' }, el('span', { text: `${l.quantity} × ${l.product_name} (${l.variant_name})` }), el('span', { text: money(l.price * l.quantity) }))));
      const rows = [['Subtotal', t.subtotal], ...(t.discount ? [[`Discount (${coupon})`, -t.discount]] : []), ['Shipping', t.shipping], ['Total', t.total]];
      $('[data-totals]').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v === 0 && k === 'Shipping' ? 'Free' : money(v) })]));
      return { lines, t };
    };
    const { lines, t } = draw();
    if (lines.length === 0) {
      say(status, 'Your cart is empty — add something first.', true);
      form.querySelector('[type=submit]').disabled = true;
      return;
    }
    const itemProps = (ls) => ({
      product_ids: ls.map((l) => l.product_id), variant_ids: ls.map((l) => l.variant_id), product_names: ls.map((l) => l.product_name),
      skus: ls.map((l) => l.sku), collection_ids: unique(ls.flatMap((l) => l.collection_ids)),
      product_prices: ls.map((l) => l.price), product_quantities: ls.map((l) => l.quantity), item_count: countOf(ls),
    });
    contlo.track('Started Checkout', { checkout_id: checkoutId, ...itemProps(lines), subtotal_price: t.subtotal, total_price: t.total, currency: CURRENCY });
    $('[data-apply-coupon]').addEventListener('click', () => {
      const code = $('#coupon').value.trim().toUpperCase();
      const ok = code === cfg.coupon.code;
      coupon = ok ? code : '';
      say($('[data-coupon-status]'), ok ? `${code}: ${cfg.coupon.percentOff}% off applied.` : `${code || 'That'} is not a valid code.`, !ok);
      draw();
    });
    const contact = () => ({ email: form.email.value.trim(), phone_number: phoneE164(form.phone.value) });
    $('[data-sign-in]').addEventListener('click', async () => {
      if (!form.email.checkValidity()) return say(status, 'Enter your email to sign in.', true), form.email.focus();
      try {
        await signIn(contact());
        say($('[data-signed-in-note]'), `Signed in as ${contact().email}.`);
        say(status, '');
        form.first_name.focus();
      } catch (err) {
        say(status, errorText(err), true);
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const bad = $$('input', form).find((i) => !i.checkValidity());
      if (bad) return say(status, `Please fill in ${bad.labels?.[0]?.textContent || bad.name}.`, true), bad.focus();
      const f = new FormData(form);
      const { lines: ls, t: tt } = draw();
      const orderId = `KL-${Date.now().toString(36).toUpperCase().slice(-5)}${Math.floor(Math.random() * 90 + 10)}`;
      const payment = String(f.get('payment'));
      form.querySelector('[type=submit]').disabled = true;
      try {
        await signIn({ ...contact(), first_name: f.get('first_name'), last_name: f.get('last_name'), city: f.get('city'), zip: f.get('zip'), country: 'IN', newsletter: f.get('newsletter') === 'on' });
        const order = { order_id: orderId, checkout_id: checkoutId, ...itemProps(ls), subtotal_price: tt.subtotal, total_discount: tt.discount, shipping_price: tt.shipping, total_tax: tt.tax, total_price: tt.total, currency: CURRENCY, ...(coupon ? { coupon } : {}), payment_method: payment, shipping_city: f.get('city') };
        await contlo.track('Placed Order', order);
        const { total_price, ...rest } = order;
        await contlo.charged({ ...rest, transaction_id: `txn_${Math.random().toString(16).slice(2, 14)}`, transaction_value: total_price });
        write(ORDER_KEY, { ...order, lines: ls, email: contact().email, first_name: f.get('first_name'), placed_at: Date.now() });
        saveCart([]);
        location.assign(`/checkout/thank-you?order=${encodeURIComponent(orderId)}`);
      } catch (err) {
        form.querySelector('[type=submit]').disabled = false;
        say(status, errorText(err), true);
      }
    });
  }

  function onThanks() {
    const order = read(ORDER_KEY, null);
    const box = $('[data-thanks]');
    if (!order || order.order_id !== new URLSearchParams(location.search).get('order')) {
      box.replaceChildren(el('h1', { text: 'Order not found' }), el('p', {}, 'It may have been placed in another browser. ', el('a', { href: '/', text: 'Back to the store' })));
      return;
    }
    const items = el('ul', { class: 'cart-lines' }, ...order.lines.map((l) => el('li', {}, el('img', { src: l.image_url, alt: '', width: '64', height: '64' }), el('div', { text: `${l.quantity} × ${l.product_name} (${l.variant_name})` }), el('strong', { text: money(l.price * l.quantity) }))));
    box.replaceChildren(
      el('p', { class: 'eyebrow', text: 'Order confirmed' }),
      el('h1', { text: `Thank you, ${order.first_name}!` }),
      el('p', {}, 'Order ', el('strong', { text: order.order_id }), ` is confirmed. A receipt is on its way to ${order.email}.`),
      items,
      el('p', { class: 'order-total' }, 'Paid ', el('strong', { text: money(order.total_price) }), ` by ${order.payment_method.toUpperCase()}${order.total_discount ? ` · saved ${money(order.total_discount)}` : ''}`),
    );
    const link = $('[data-profile-link]');
    if (link) link.href = `/audience?q=${encodeURIComponent(order.email)}`;
  }

  const kind = $('main')?.dataset.page;
  if (kind === 'checkout') onCheckout();
  if (kind === 'thanks') onThanks();
})();
