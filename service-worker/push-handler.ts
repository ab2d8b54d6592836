// What the worker does with a push, a click and a dismissal: show, open, and record each as a
// message event in the shared IndexedDB queue, all inside waitUntil with a bounded wait.
import { createClient, type ClientOptions } from '../snippet/core/client';
import type { DeliveryConfig, Entry, Props } from '../snippet/core/types';
import { uuid } from '../snippet/core/uuid';
import { parsePush, safeTarget, type NoteData } from './payload';

declare const self: ServiceWorkerGlobalScope;

/** How long one event may keep the worker alive; what is not sent by then stays queued. */
export const EVENT_BUDGET_MS = 5000;
const VERSION = '0.1.0';

/** Settles with `p`, or after `ms` at the latest (the worker must never be held long). */
export function within<T>(ms: number, p: Promise<T>): Promise<T | void> {
  return Promise.race([p, new Promise<void>((r) => setTimeout(r, ms))]);
}

/** The data our push handler stored on a notification; undefined for a host worker's own notification. */
const ours = (e: NotificationEvent): NoteData | undefined => (e.notification.data?.buttons ? e.notification.data : undefined);

/** The worker's handlers around one core client (made with `opts`). */
export function createPushHandler(opts: ClientOptions) {
  /** The entry of the record queued last (enqueue reports it synchronously). */
  let last: Entry;
  const client = createClient({ ...opts, onEnqueue: (e) => (last = e) });
  const base = location.origin;
  /** Loads the config and identity the page stored (fresh each event: the page may have changed them). */
  async function ready(): Promise<DeliveryConfig | undefined> {
    const cfg = await client.kv.get<DeliveryConfig>('config');
    // A 'contlo-v1' site's worker only queues: its pages load that format and deliver.
    if (cfg) client.configure(cfg, 10_000);
    await client.start();
    return cfg;
  }

  /** Queues a record of this worker's identity, stamped now. */
  const put = (fields: Props): Promise<string> =>
    client.enqueue({ type: 'track', event_id: uuid(), ...client.identity!, device_event_time: Date.now(), ...fields });

  /** Queues one message event durably; call after ready() (it needs the identity). */
  function queue(event: string, d: NoteData, extra: Props = {}): Promise<string> {
    // Absent ids are left out (JSON drops undefined): the Track API stores them as null.
    const properties: Props = { event_type: 'message', message_id: d.message_id, campaign_id: d.campaign_id, url: d.url, ...extra };
    return put({ event, properties, context: { library: { name: 'contlo-sw', version: VERSION } } });
  }

  /** Queues one message event and, once a page has configured delivery (`cfg`), sends at once. */
  async function record(cfg: DeliveryConfig | undefined, event: string, d: NoteData, extra?: Props): Promise<void> {
    await queue(event, d, extra);
    if (cfg) await client.sender.flush(true);
  }

  /** Contlo's legacy payloads also want {"short_url": url} POSTed to their acknowledge URLs. */
  const acknowledge = (d: NoteData, which: 'open' | 'click' | 'close'): unknown =>
    d.ack?.[which] && fetch(d.ack[which], { method: 'POST', body: JSON.stringify({ short_url: d.url }), headers: { 'Content-Type': 'application/json' } }).catch(() => {});

  /** Focuses a tab already showing `url` (else, for a same-origin `url`, navigates one of the site's tabs), else opens one. */
  async function openOrFocus(url: string): Promise<unknown> {
    const all = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) as WindowClient[];
    const exact = all.find((c) => c.url === url);
    if (exact) return exact.focus();
    // Only a tab this worker controls can be navigated (matchAll lists same-origin clients only).
    const [tab] = new URL(url).origin === base ? ((await self.clients.matchAll({ type: 'window' })) as WindowClient[]) : [];
    return tab ? (await tab.focus()).navigate(url) : self.clients.openWindow(url);
  }

  return {
    async push(e: PushEvent): Promise<void> {
      const p = parsePush(e.data?.text(), base, location.hostname);
      // Queued just before showing, so a worker stopped the moment the notification appears cannot lose it;
      // taken back below if showing fails.
      const cfg = await ready();
      const queued = queue('Push Delivered', p.options.data);
      const entry = last;
      await queued;
      try {
        await self.registration.showNotification(p.title, p.options);
      } catch (x) {
        // Nothing appeared (e.g. the permission was revoked): no delivery to count, unless a sender
        // (another tab's flush) already took the record, which this cannot undo.
        await client.queue.remove([entry]);
        throw x;
      }
      await Promise.all([cfg && client.sender.flush(true), acknowledge(p.options.data, 'open')]);
    },

    async click(e: NotificationEvent): Promise<void> {
      const d = ours(e);
      if (!d) return; // a notification of the site's own worker (hosted mode): not ours to handle
      e.notification.close();
      const button = d.buttons.find((b) => b.action === e.action); // actions are never empty: a plain click finds none
      const cfg = await ready();
      const target = safeTarget(button?.url ?? d.url, base, cfg?.allowedOrigins);
      await Promise.all([
        openOrFocus(target).catch(() => {}),
        record(cfg, 'Push Clicked', d, { action: e.action || undefined, opened: target }), // no action: left out
        acknowledge(d, 'click'),
      ]);
    },

    async close(e: NotificationEvent): Promise<void> {
      const d = ours(e);
      if (!d) return;
      await Promise.all([record(await ready(), 'Push Dismissed', d), acknowledge(d, 'close')]);
    },

    /** Flushes what pages or earlier events left in the queue. */
    async flush(): Promise<void> {
      if (await ready()) await client.sender.flush(false);
    },

    /** Re-subscribes with the old options when the browser gives no new subscription, and reports it. */
    async subscriptionChange(e: Event & { newSubscription?: PushSubscription | null; oldSubscription?: PushSubscription | null }): Promise<void> {
      let sub = e.newSubscription;
      if (!sub) {
        const key = await client.kv.get<string>('vapid');
        sub = await self.registration.pushManager.subscribe(e.oldSubscription?.options ?? { userVisibleOnly: true, applicationServerKey: key });
      }
      const cfg = await ready();
      const json = sub.toJSON();
      await put({ type: 'push_subscription', subscription: json });
      await client.kv.set('push_sub', JSON.stringify(json));
      if (cfg) await client.sender.flush(true);
    },
  };
}
