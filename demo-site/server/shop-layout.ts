import { COLLECTIONS, STORE_NAME } from './catalog';
import { html, jsString, jsonScript, trusted, type SafeHtml } from './html';
import { renderDocument } from './layout';

/** What the pasted snippet needs: the loader's text, the API key and the VAPID public key. */
export interface SnippetVars {
  loader: string;
  apiKey: string;
  vapidPublicKey: string;
}

/** The two script tags exactly as the README tells a store to paste them (loader inline, then load + init). */
export function snippetTags(v: SnippetVars): SafeHtml {
  // The loader is this repo's own build output (dist/loader.js), inlined as the README says.
  const loader = v.loader.replace(/<\/script/gi, '<\\/script');
  const init = `contlo.load('/contlo.js'); contlo.init(${jsString(v.apiKey)}, { endpoint: location.origin, serviceWorker: '/contlo-sw.js', vapidPublicKey: ${jsString(v.vapidPublicKey)} });`;
  return trusted(`<script>${loader}</script>\n<script>${init}</script>`);
}

const MENU = ['clothing', 'home-kitchen', 'accessories', 'new-arrivals'];

function header(): SafeHtml {
  const links = COLLECTIONS.filter((c) => MENU.includes(c.handle)).map((c) => html`<a href="/collections/${c.handle}">${c.title}</a>`);
  return html`<header class="shop-header">
<div class="shop-header-row">
<a class="logo" href="/">${STORE_NAME}</a>
<nav class="shop-menu" aria-label="Shop">${links}</nav>
<div class="shop-tools"><a href="/account" data-account-link>Sign in</a><a href="/cart" class="cart-link">Cart <span class="cart-count" data-cart-count aria-label="items in cart">0</span></a></div>
</div>
</header>`;
}

function footer(): SafeHtml {
  return html`<footer class="shop-footer">
<div class="footer-grid">
<form class="newsletter" data-newsletter-form>
<h2>Letters from the workshop</h2>
<p>New makers, restocks and the occasional recipe. No spam.</p>
<div class="inline-field"><label for="newsletter-email" class="sr-only">Email for the newsletter</label><input id="newsletter-email" name="email" type="email" autocomplete="email" placeholder="you@example.com" required><button type="submit">Subscribe</button></div>
<p class="form-status" role="status" data-status></p>
</form>
<div class="notify-box">
<h2>Restock and order alerts</h2>
<p>Get a notification when your order ships or a sold-out size is back.</p>
<button type="button" class="secondary" data-enable-push>Enable notifications</button>
<p class="form-status" role="status" data-push-status></p>
</div>
<div class="footer-about"><h2>${STORE_NAME}</h2><p>Handmade goods from small workshops across India. Free shipping over ₹999 · 15-day returns.</p><p class="muted">A demo store: every click is tracked by the Contlo snippet into this machine's Track API.</p></div>
</div>
</footer>`;
}

/** What a store page shows. */
export interface ShopPage {
  title: string;
  /** Which page script to run in shop.js (home, collection, product, cart, checkout, thanks, account). */
  kind: string;
  body: SafeHtml;
  /** JSON handed to shop.js (e.g. the product on a product page). */
  data?: unknown;
  /** Scripts this page needs after shop.js. */
  scripts?: string[];
}

/** Renders a store page with the snippet in its head, the store header and footer. */
export function renderShopPage(p: ShopPage, snippet: SnippetVars): string {
  const data = p.data === undefined ? '' : html`<script type="application/json" id="page-data">${jsonScript(p.data)}</script>`;
  return renderDocument({
    title: `${p.title} · ${STORE_NAME}`,
    section: 'store',
    head: snippetTags(snippet),
    css: ['/assets/base.css', '/assets/shop.css'],
    scripts: ['/assets/shop.js', ...(p.scripts ?? [])],
    bodyClass: 'shop',
    body: html`${header()}
<main id="main" class="shop-main" tabindex="-1" data-page="${p.kind}">
${p.body}
</main>
${footer()}
${data}`,
  });
}
