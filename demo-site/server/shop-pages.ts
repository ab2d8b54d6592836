import {
  COLLECTIONS, COUPON, CURRENCY, FREE_SHIPPING_FROM, PRODUCTS, SHIPPING_FEE, STORE_NAME,
  fromPrice, imagePath, productsIn, type Collection, type Product,
} from './catalog';
import { money } from './format';
import { html, type SafeHtml } from './html';
import type { ShopPage } from './shop-layout';

function card(p: Product): SafeHtml {
  const multi = new Set(p.variants.map((v) => v.price)).size > 1;
  return html`<li class="product-card"><a href="/products/${p.handle}">
<img src="${imagePath(p)}" alt="" width="400" height="400" loading="lazy">
<span class="product-card-title">${p.title}</span>
<span class="product-card-meta">${p.vendor}</span>
<span class="price">${multi ? 'from ' : ''}${money(fromPrice(p), CURRENCY)}</span></a></li>`;
}

function grid(products: Product[], label: string): SafeHtml {
  return html`<ul class="product-grid" aria-label="${label}">${products.map(card)}</ul>`;
}

/** The store's home page: a banner, the collections and every product. */
export function homePage(): ShopPage {
  const tiles = COLLECTIONS.map((c) => html`<li><a href="/collections/${c.handle}"><strong>${c.title}</strong><span>${c.blurb}</span></a></li>`);
  return {
    title: 'Handmade goods from Indian workshops',
    kind: 'home',
    body: html`<section class="hero"><div><p class="eyebrow">Autumn edit</p><h1>Made by hand, made to last.</h1>
<p>Linen from Phulia, indigo from Bagru, copper from Moradabad. Free shipping over ${money(FREE_SHIPPING_FROM, CURRENCY)}; first order? Use <strong>${COUPON.code}</strong> for ${COUPON.percentOff}% off.</p>
<a class="button" href="/collections/bestsellers">Shop bestsellers</a></div>
<div class="hero-art" aria-hidden="true">${['indigo-block-print-kurta', 'copper-water-bottle', 'soy-wax-candle'].map((h) => html`<img src="/shop/img/${h}.svg" alt="" width="400" height="400">`)}</div></section>
<h2 class="section-title">Collections</h2><ul class="collection-tiles">${tiles}</ul>
<h2 class="section-title">All products</h2>${grid(PRODUCTS, 'All products')}`,
  };
}

/** A collection page. */
export function collectionPage(c: Collection): ShopPage {
  const products = productsIn(c.id);
  return {
    title: c.title,
    kind: 'collection',
    data: { collection_id: c.id, collection_name: c.title, product_ids: products.map((p) => p.id) },
    body: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Home</a> / <span aria-current="page">${c.title}</span></nav>
<h1>${c.title}</h1><p class="lead">${c.blurb} ${products.length} products.</p>${grid(products, c.title)}`,
  };
}

/** What shop.js needs to know about a product (the properties it sends come from here). */
export function productData(p: Product): Record<string, unknown> {
  return {
    product_id: p.id,
    handle: p.handle,
    product_name: p.title,
    vendor: p.vendor,
    category: p.category,
    collection_ids: p.collectionIds,
    collection_names: p.collectionIds.map((id) => COLLECTIONS.find((c) => c.id === id)?.title ?? id),
    image_url: imagePath(p),
    currency: CURRENCY,
    option_name: p.optionName,
    variants: p.variants.map((v) => ({ variant_id: v.id, title: v.title, sku: v.sku, price: v.price, compare_at_price: v.compareAt ?? null })),
  };
}

/** A product page: picture, variant picker, quantity, add to cart, description and related products. */
export function productPage(p: Product, variantId: string | null): ShopPage {
  const chosen = p.variants.find((v) => v.id === variantId) ?? p.variants[0];
  if (!chosen) throw new Error(`product ${p.id} has no variants`);
  const options = p.variants.map(
    (v) => html`<label class="chip"><input type="radio" name="variant" value="${v.id}" data-price="${v.price}"${v.id === chosen.id ? html` checked` : ''}><span>${v.title}</span></label>`,
  );
  const related = PRODUCTS.filter((o) => o.id !== p.id && o.collectionIds.some((c) => p.collectionIds.includes(c))).slice(0, 4);
  const collection = COLLECTIONS.find((c) => c.id === p.collectionIds[0]);
  return {
    title: p.title,
    kind: 'product',
    data: productData(p),
    body: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Home</a> / ${collection ? html`<a href="/collections/${collection.handle}">${collection.title}</a> / ` : ''}<span aria-current="page">${p.title}</span></nav>
<div class="product">
<img class="product-image" src="${imagePath(p)}" alt="${p.title}" width="400" height="400">
<div class="product-info">
<p class="eyebrow">${p.vendor}</p>
<h1>${p.title}</h1>
<p class="product-price"><span data-price>${money(chosen.price, CURRENCY)}</span>${chosen.compareAt ? html` <s class="muted">${money(chosen.compareAt, CURRENCY)}</s>` : ''} <span class="muted small">incl. GST</span></p>
<form class="add-form" data-add-form>
<fieldset class="chips"><legend>${p.optionName}</legend>${options}</fieldset>
<div class="qty-row"><label for="qty">Quantity</label><input id="qty" name="quantity" type="number" min="1" max="10" value="1" inputmode="numeric">
<button type="submit">Add to cart</button></div>
<p class="form-status" role="status" data-status></p>
</form>
<p>${p.description}</p>
<p class="muted small">SKU <span data-sku>${chosen.sku}</span> · Ships in 2–3 days · ${p.category}</p>
</div></div>
<h2 class="section-title">You may also like</h2>${grid(related, 'Related products')}`,
  };
}

/** The cart (lines are drawn by shop.js from the cart kept in localStorage). */
export function cartPage(): ShopPage {
  return {
    title: 'Your cart',
    kind: 'cart',
    body: html`<h1>Your cart</h1>
<div data-cart-lines><p class="muted">Loading your cart…</p></div>
<div class="cart-summary" data-cart-summary hidden>
<p>Subtotal <strong data-subtotal></strong></p>
<p class="muted small">Free shipping over ${money(FREE_SHIPPING_FROM, CURRENCY)} (else ${money(SHIPPING_FEE, CURRENCY)}). Taxes included.</p>
<a class="button" href="/checkout">Check out</a></div>`,
  };
}

/** Checkout: contact (sign in), delivery, payment, coupon and the order summary. */
export function checkoutPage(): ShopPage {
  return {
    title: 'Checkout',
    kind: 'checkout',
    scripts: ['/assets/checkout.js'],
    data: { currency: CURRENCY, free_shipping_from: FREE_SHIPPING_FROM, shipping_fee: SHIPPING_FEE, coupon: COUPON },
    body: html`<h1>Checkout</h1>
<div class="checkout">
<form class="checkout-form" data-checkout-form novalidate>
<fieldset><legend>Contact</legend>
<p class="muted small" data-signed-in-note>New here or returning? Sign in with your email — we'll remember your cart and send order updates.</p>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required></div>
<div class="field"><label for="phone">Mobile (optional)</label><input id="phone" name="phone" type="tel" autocomplete="tel" placeholder="98765 43210"></div>
<button type="button" class="secondary" data-sign-in>Sign in</button>
<label class="check"><input type="checkbox" name="newsletter" checked> Email me news and offers</label>
</fieldset>
<fieldset><legend>Delivery</legend>
<div class="field-row"><div class="field"><label for="first_name">First name</label><input id="first_name" name="first_name" autocomplete="given-name" required></div>
<div class="field"><label for="last_name">Last name</label><input id="last_name" name="last_name" autocomplete="family-name" required></div></div>
<div class="field"><label for="address">Address</label><input id="address" name="address" autocomplete="street-address" required></div>
<div class="field-row"><div class="field"><label for="city">City</label><input id="city" name="city" autocomplete="address-level2" required></div>
<div class="field"><label for="zip">PIN code</label><input id="zip" name="zip" autocomplete="postal-code" inputmode="numeric" pattern="[0-9]{6}" required></div></div>
</fieldset>
<fieldset><legend>Payment</legend>
<label class="check"><input type="radio" name="payment" value="upi" checked> UPI</label>
<label class="check"><input type="radio" name="payment" value="card"> Card</label>
<label class="check"><input type="radio" name="payment" value="cod"> Cash on delivery</label>
<p class="muted small">This is a demo: no payment is taken.</p>
</fieldset>
<p class="form-status error" role="alert" data-status></p>
<button type="submit" class="big">Place order</button>
</form>
<aside class="order-summary" aria-label="Order summary"><h2>Order summary</h2><div data-summary-lines></div>
<div class="inline-field"><label for="coupon" class="sr-only">Coupon code</label><input id="coupon" name="coupon" placeholder="Coupon code"><button type="button" class="secondary" data-apply-coupon>Apply</button></div>
<p class="form-status" role="status" data-coupon-status></p>
<dl class="totals" data-totals></dl></aside>
</div>`,
  };
}

/** The order confirmation (drawn by shop.js from the order it just placed). */
export function thanksPage(): ShopPage {
  return {
    title: 'Order confirmed',
    kind: 'thanks',
    scripts: ['/assets/checkout.js'],
    body: html`<div class="thanks" data-thanks><h1>Thank you!</h1><p class="muted">Loading your order…</p></div>
<section class="thanks-push"><h2>Track this order on this device</h2><p>We'll send a notification when it ships and when it's out for delivery.</p>
<button type="button" data-enable-push>Enable notifications</button><p class="form-status" role="status" data-push-status></p></section>
<aside class="dev-note"><h2>For developers</h2><p>This page's Placed Order and Charged events went to the Track API with your email. Open <a href="/audience" data-profile-link>Audience</a> to see the profile they created, <a href="/insights">Insights</a> for revenue, or <a href="/verify">Verify integration</a> for the raw records.</p></aside>`,
  };
}

/** Sign in / newsletter / sign out. */
export function accountPage(): ShopPage {
  return {
    title: 'Your account',
    kind: 'account',
    body: html`<h1>Your account</h1>
<div class="account">
<form class="card-form" data-account-form><h2>Sign in</h2>
<p class="muted small">No password in this demo: signing in tells the snippet who you are (<code>contlo.identify</code>).</p>
<div class="field"><label for="acct-email">Email</label><input id="acct-email" name="email" type="email" autocomplete="email" required></div>
<div class="field"><label for="acct-name">First name (optional)</label><input id="acct-name" name="first_name" autocomplete="given-name"></div>
<label class="check"><input type="checkbox" name="newsletter"> Send me the ${STORE_NAME} newsletter</label>
<button type="submit">Sign in</button><p class="form-status" role="status" data-status></p></form>
<div class="card-form"><h2>Signed in as</h2><p data-whoami class="muted">Nobody yet — you are an anonymous visitor.</p>
<button type="button" class="secondary" data-sign-out>Sign out</button></div>
</div>`,
  };
}
