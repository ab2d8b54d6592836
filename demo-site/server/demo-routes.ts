import type { IncomingMessage, ServerResponse } from 'node:http';
import { FILTERS, profileDetail, resolveProfileId, type AudienceFilter, type EventKind } from './audience';
import { renderAudience, renderProfile } from './audience-pages';
import { sendCampaign, type CampaignInput } from './campaigns';
import { blankInput, renderCampaigns } from './campaigns-page';
import type { Db } from './db';
import { readForm } from './form';
import { html } from './html';
import { RANGES, renderInsights } from './insights-page';
import { renderAdminPage } from './layout';
import { handleStream } from './live';
import { emitLifecycle, isLifecycleEvent } from './orders';
import { renderOrders } from './orders-page';
import type { PushContext } from './push-sender';
import { redirect, sendPage } from './respond';
import type { SnippetVars } from './shop-layout';
import { handleShop } from './shop-routes';
import { verifyData } from './verify';
import { renderVerify } from './verify-page';

/** What the store and dashboard pages need from the running server. */
export interface DemoContext {
  db: Db;
  push: PushContext;
  distDir: string;
  /** The API key lifecycle events are stored under (the first configured key). */
  apiKey: () => string;
  snippet: () => SnippetVars;
}

const KINDS: EventKind[] = ['custom', 'charged', 'message', 'identify', 'subscription'];

/** What a dashboard route answers: a page (HTML unless `type` says otherwise) or a redirect. */
type Answer = { status: number; body: string; type?: string } | { location: string };

function ordersFlash(q: URLSearchParams): { ok: boolean; text: string } | undefined {
  const order = q.get('order') ?? '';
  const done = q.get('done');
  if (done && isLifecycleEvent(done)) return { ok: true, text: `Sent “${done}” for ${order}.` };
  const error = q.get('error');
  if (!error) return undefined;
  return { ok: false, text: `Could not update ${order}: ${error === 'not_allowed' ? 'that step does not follow its current status' : 'no such order'}.` };
}

function profilePage(ctx: DemoContext, asked: number, kind: string | null): Answer {
  const id = resolveProfileId(ctx.db, asked);
  const detail = id === undefined ? undefined : profileDetail(ctx.db, id);
  if (!detail) return { status: 404, body: renderAdminPage({ title: 'Not found', section: 'audience', intro: `No profile #${asked}.`, body: html`<p><a href="/audience">Back to Audience</a></p>` }) };
  if (id !== asked) return { location: `/audience/${id}` };
  return { status: 200, body: renderProfile(detail, KINDS.includes(kind as EventKind) ? (kind as EventKind) : 'all') };
}

function dashboardPage(ctx: DemoContext, req: IncomingMessage, pathname: string, q: URLSearchParams): Answer | undefined {
  const profile = /^\/audience\/(\d{1,12})$/.exec(pathname);
  if (profile) return profilePage(ctx, Number(profile[1]), q.get('kind'));
  switch (pathname) {
    case '/audience': {
      const f = q.get('filter');
      const filter = FILTERS.some(([k]) => k === f) ? (f as AudienceFilter) : 'all';
      return { status: 200, body: renderAudience(ctx.db, (q.get('q') ?? '').slice(0, 200), filter) };
    }
    case '/insights': {
      const days = Number(q.get('days'));
      return { status: 200, body: renderInsights(ctx.db, RANGES.includes(days) ? days : 14) };
    }
    case '/campaigns': {
      const to = q.get('to') ?? 'all';
      return { status: 200, body: renderCampaigns(ctx.db, blankInput(/^(all|profile:\d+)$/.test(to) ? to : 'all'), [], q.get('sent')) };
    }
    case '/orders':
      return { status: 200, body: renderOrders(ctx.db, ordersFlash(q)) };
    case '/verify':
      return { status: 200, body: renderVerify(verifyData(ctx.db, `http://${req.headers.host ?? 'localhost'}`, ctx.distDir)) };
    default:
      return undefined;
  }
}

function answer(req: IncomingMessage, res: ServerResponse, a: Answer): true {
  if ('location' in a) redirect(res, a.location);
  else sendPage(req, res, a.status, a.body, a.type);
  return true;
}

/** Serves the store's pages and the dashboard's GET pages (and /api/stream); false for any other path. */
export function handleDemoGet(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, pathname: string, url: URL): boolean {
  if (pathname === '/api/stream') {
    handleStream(ctx.db, req, res);
    return true;
  }
  const page = dashboardPage(ctx, req, pathname, url.searchParams);
  return page ? answer(req, res, page) : handleShop(req, res, pathname, url, ctx.snippet);
}

function campaignInput(f: URLSearchParams): CampaignInput {
  const s = (k: string): string => (f.get(k) ?? '').slice(0, 1000);
  return {
    name: s('name'), title: s('title'), body: s('body'), url: s('url'), image: s('image'), to: s('to'),
    buttons: [{ title: s('button1_title'), url: s('button1_url') }, { title: s('button2_title'), url: s('button2_url') }],
  };
}

const TEXT = 'text/plain; charset=utf-8';

function lifecycleAnswer(ctx: DemoContext, rawId: string, fields: URLSearchParams): Answer {
  let orderId: string;
  try {
    orderId = decodeURIComponent(rawId);
  } catch {
    return { status: 400, body: 'bad order id', type: TEXT };
  }
  const event = fields.get('event') ?? '';
  const r = isLifecycleEvent(event) ? emitLifecycle(ctx.db, ctx.apiKey(), orderId, event) : { ok: false as const, error: 'not_allowed' as const };
  const params = new URLSearchParams(r.ok ? { done: event, order: orderId } : { error: r.error, order: orderId });
  return { location: `/orders?${params}#orders` };
}

/** Handles the dashboard's form POSTs (send a campaign, emit an order lifecycle event); false for any other path. */
export async function handleDemoPost(ctx: DemoContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const lifecycle = /^\/orders\/([^/]{1,200})\/events$/.exec(pathname);
  if (pathname !== '/campaigns' && !lifecycle) return false;
  const form = await readForm(req);
  if (!form.ok) return answer(req, res, { status: form.status, body: form.error, type: TEXT });
  if (lifecycle) return answer(req, res, lifecycleAnswer(ctx, lifecycle[1] ?? '', form.fields));
  const input = campaignInput(form.fields);
  const sent = await sendCampaign(ctx.push, input);
  if (sent.ok) return answer(req, res, { location: `/campaigns?sent=${encodeURIComponent(sent.id)}` });
  return answer(req, res, { status: 400, body: renderCampaigns(ctx.db, input, sent.errors) });
}
