// dist/contlo-sw.js — the service worker. Serve it from the site root (scope /), or pull it into
// an existing worker with importScripts('/contlo-sw.js') after setting self.contloHosted = true.
// Message events go through the same IndexedDB queue and sender as the page's events.
import { createClient } from '../snippet/core/client';
import { createPushHandler, within, EVENT_BUDGET_MS } from './push-handler';

declare const self: ServiceWorkerGlobalScope & { contloHosted?: boolean };

// The worker's 'sent', 'dropped' and 'error' go to the open pages, whose contlo.on() listeners
// hear them too: a drop in the worker is not silent.
const pages = new BroadcastChannel('contlo');
const handler = createPushHandler(createClient({ emit: (type, detail) => pages.postMessage({ sw: [type, detail] }) }));

self.addEventListener('push', (e) => e.waitUntil(within(EVENT_BUDGET_MS, handler.push(e))));
self.addEventListener('notificationclick', (e) => e.waitUntil(within(EVENT_BUDGET_MS, handler.click(e))));
self.addEventListener('notificationclose', (e) => e.waitUntil(within(EVENT_BUDGET_MS, handler.close(e))));
self.addEventListener('pushsubscriptionchange', (e) => (e as ExtendableEvent).waitUntil(within(EVENT_BUDGET_MS, handler.subscriptionChange(e))));

// A hosted copy leaves the host worker's lifecycle alone.
if (!self.contloHosted) {
  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim().then(() => within(EVENT_BUDGET_MS, handler.flush()))));
}
