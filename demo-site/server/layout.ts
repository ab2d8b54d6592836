import { html, trusted, type SafeHtml } from './html';

/** The parts of the demo a page belongs to (the top bar highlights it). */
export type Section = 'store' | 'audience' | 'insights' | 'campaigns' | 'orders' | 'verify' | 'events';

const NAV: [Section, string, string][] = [
  ['store', '/', 'Store'],
  ['audience', '/audience', 'Audience'],
  ['insights', '/insights', 'Insights'],
  ['campaigns', '/campaigns', 'Campaigns'],
  ['orders', '/orders', 'Orders'],
  ['verify', '/verify', 'Verify integration'],
  ['events', '/events', 'Raw events'],
];

/** The dark bar on top of every page linking the store and the dashboard pages. */
export function demoBar(active: Section): SafeHtml {
  const links = NAV.map(([s, href, label]) =>
    html`<a href="${href}"${s === active ? trusted(' aria-current="page"') : ''}>${label}</a>`,
  );
  return html`<div class="demobar"><a class="demobar-brand" href="/verify" title="Contlo snippet demo">contlo<span>demo</span></a>
<nav class="demobar-nav" aria-label="Demo sections">${links}</nav></div>`;
}

/** A whole HTML document. */
export interface DocumentParts {
  title: string;
  section: Section;
  /** Extra <head> content (the store puts its snippet here). */
  head?: SafeHtml;
  css: string[];
  scripts?: string[];
  /** Everything after the demo bar. */
  body: SafeHtml;
  bodyClass?: string;
}

/** Renders a full page: head with styles, the skip link and demo bar, then the body. */
export function renderDocument(p: DocumentParts): string {
  const css = p.css.map((href) => html`<link rel="stylesheet" href="${href}">`);
  const scripts = (p.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${css}
${p.head ?? ''}
${scripts}
</head>
<body class="${p.bodyClass ?? ''}">
<a class="skip" href="#main">Skip to content</a>
${demoBar(p.section)}
${p.body}
</body>
</html>
`.value;
}

/** What a dashboard page shows. */
export interface AdminPage {
  title: string;
  section: Section;
  /** Short line under the heading. */
  intro?: SafeHtml | string;
  /** Right-hand side of the heading row (buttons, live indicator). */
  actions?: SafeHtml;
  body: SafeHtml;
  /** Refresh the page's [data-live-region] parts when events arrive (server-sent events). */
  live?: boolean;
}

/** Renders a dashboard page (Audience, Insights, Campaigns, Orders, Verify). */
export function renderAdminPage(p: AdminPage): string {
  const live = p.live
    ? html`<span class="live" data-live-status role="status"><span class="dot" aria-hidden="true"></span><span data-live-text>Live</span></span>`
    : '';
  return renderDocument({
    title: `${p.title} · Contlo demo`,
    section: p.section,
    css: ['/assets/base.css', '/assets/admin.css'],
    scripts: p.live ? ['/assets/live.js'] : [],
    bodyClass: 'admin',
    body: html`<main id="main" class="admin-main" tabindex="-1">
<div class="page-head"><div><h1>${p.title}</h1>${p.intro ? html`<p class="intro">${p.intro}</p>` : ''}</div><div class="page-actions">${live}${p.actions ?? ''}</div></div>
${p.body}
</main>`,
  });
}
