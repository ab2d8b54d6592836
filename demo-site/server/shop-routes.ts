import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectionByHandle, productByHandle } from './catalog';
import { sendPage } from './respond';
import { productSvg } from './product-art';
import { renderShopPage, type ShopPage, type SnippetVars } from './shop-layout';
import { accountPage, cartPage, checkoutPage, collectionPage, homePage, productPage, thanksPage } from './shop-pages';

const FIXED: Record<string, () => ShopPage> = {
  '/': homePage,
  '/cart': cartPage,
  '/checkout': checkoutPage,
  '/checkout/thank-you': thanksPage,
  '/account': accountPage,
};

function shopPage(pathname: string, url: URL): ShopPage | undefined {
  const fixed = FIXED[pathname];
  if (fixed) return fixed();
  const m = /^\/(collections|products)\/([a-z0-9-]+)$/.exec(pathname);
  if (m?.[1] === 'collections') {
    const c = collectionByHandle(m[2] ?? '');
    return c && collectionPage(c);
  }
  if (m?.[1] === 'products') {
    const p = productByHandle(m[2] ?? '');
    return p && productPage(p, url.searchParams.get('variant'));
  }
  return undefined;
}

/** Serves the demo store's GET pages and product images; false when `pathname` is not one of them. */
export function handleShop(req: IncomingMessage, res: ServerResponse, pathname: string, url: URL, snippet: () => SnippetVars): boolean {
  const img = /^\/shop\/img\/([a-z0-9-]+)\.svg$/.exec(pathname);
  if (img) {
    const p = productByHandle(img[1] ?? '');
    if (!p) return false;
    sendPage(req, res, 200, productSvg(p), 'image/svg+xml', 'public, max-age=3600');
    return true;
  }
  const page = shopPage(pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname, url);
  if (!page) return false;
  sendPage(req, res, 200, renderShopPage(page, snippet()));
  return true;
}
