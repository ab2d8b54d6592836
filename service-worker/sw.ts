// dist/contlo-sw.js — the service worker. Serve it from the site root (scope /), or pull it into
// an existing worker with importScripts('/contlo-sw.js') after setting self.contloHosted = true.
// Message events go through the same IndexedDB queue and sender as the page's events.
import { createPushHandler, within, EVENT_BUDGET_MS } from './push-handler';

declare const self: ServiceWorkerGlobalScope & { contloHosted?: boolean };

// The worker's 'sent', 'dropped' and 'error' go to the open pages, whose contlo.on() listeners
// hear them too: a drop in the worker is not silent.
const pages = new BroadcastChannel('contlo');
const handler = createPushHandler({ emit: (type, detail) => pages.postMessage({ sw: [type, detail] }) });

/** Runs `fn` for each `type` event inside waitUntil, bounded by EVENT_BUDGET_MS. */
const on = <E extends ExtendableEvent>(type: string, fn: (e: E) => Promise<unknown>) =>
  self.addEventListener(type, (e) => (e as E).waitUntil(within(EVENT_BUDGET_MS, fn(e as E))));

on('push', handler.push);
on('notificationclick', handler.click);
on('notificationclose', handler.close);
on('pushsubscriptionchange', handler.subscriptionChange);

// A hosted copy leaves the host worker's lifecycle alone.
if (!self.contloHosted) {
  self.addEventListener('install', () => self.skipWaiting());
  on('activate', () => self.clients.claim().then(handler.flush));
}
