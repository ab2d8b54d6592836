// dist/contlo-sw.js — the service worker. Push handling arrives with the push issue; for now it
// delivers what pages left in the shared queue whenever it wakes.
import { createClient } from '../snippet/core/client';
import type { DeliveryConfig } from '../snippet/core/types';

declare const self: ServiceWorkerGlobalScope;

const client = createClient();

/** Loads the config the page stored and flushes the shared queue. */
async function flushQueue() {
  const cfg = await client.kv.get<DeliveryConfig>('config');
  if (!cfg) return;
  client.configure(cfg, 10_000);
  await client.start();
  await client.sender.flush(false);
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim().then(flushQueue)));
