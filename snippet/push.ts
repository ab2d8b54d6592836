// Push subscription for pages (lazy: dist/contlo-push.mjs, loaded only by sites that use push).
// Registers the service worker with workbox-window and keeps the Track API's copy of this
// browser's PushSubscription in step with the browser's.
import { Workbox } from 'workbox-window';
import { ContloError } from './core/errors';
import type { Props, WireRecord } from './core/types';

/** What the push module needs from the SDK core. */
export interface PushHost {
  /** Queues a record built from the current identity; resolves with its event_id. */
  record(type: WireRecord['type'], fields: Props): Promise<string>;
  /** Tracks a message event (properties.event_type "message"). */
  track(event: string, properties: Props): Promise<string>;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  flush(): Promise<unknown>;
}

/** Result of `subscribePush`. */
export type PushResult = 'subscribed' | 'denied' | 'dismissed' | 'unsupported';

const LAST = 'push_sub';

/** Base64url (VAPID key) to bytes. */
function keyBytes(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0)) as Uint8Array<ArrayBuffer>;
}

/** Whether `sub` is known to use another VAPID key than `key` (unknown, e.g. no `options`: kept). */
function otherKey(sub: PushSubscription, key: Uint8Array): boolean {
  const k = sub.options?.applicationServerKey;
  return !!k && new Uint8Array(k).join() !== key.join();
}

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** Sets up push for a page: registers `swUrl` (scope /) and returns the public push API. */
export function createPush(host: PushHost, swUrl: string | undefined, vapidPublicKey: string | undefined) {
  let reg: Promise<ServiceWorkerRegistration | undefined> | undefined;
  const registration = () =>
    (reg ||= swUrl && supported() ? new Workbox(swUrl, { scope: '/' }).register({ immediate: true }) : Promise.resolve(undefined));

  /** Queues the subscription record (null = unsubscribed) when it differs from what was last sent. */
  async function report(sub: PushSubscription | null, force = false): Promise<void> {
    const json = sub ? sub.toJSON() : null;
    const text = JSON.stringify(json);
    if (!force && text === (await host.get<string>(LAST))) return;
    await host.record('push_subscription', { subscription: json });
    await host.set(LAST, text);
    host.flush();
  }

  /**
   * `sub`, or a new subscription with `key` when there is none or `sub` was made with other VAPID
   * keys (the server's were regenerated: it can no longer be pushed to). The server drops the old
   * one when its push service answers 404/410.
   */
  async function current(r: ServiceWorkerRegistration, sub: PushSubscription | null, key: string): Promise<PushSubscription> {
    const bytes = keyBytes(key);
    if (sub && otherKey(sub, bytes)) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ||= await r.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes });
    await host.set('vapid', key);
    return sub;
  }

  return {
    /** Compares the browser's subscription with the last one sent and re-sends when it changed. */
    async sync(): Promise<void> {
      const r = await registration();
      if (!r) return;
      let sub = await r.pushManager.getSubscription();
      // Permission already granted: a subscription made with old VAPID keys is replaced without a prompt.
      if (sub && vapidPublicKey && Notification.permission === 'granted') sub = await current(r, sub, vapidPublicKey);
      if (sub || (await host.get<string>(LAST))) await report(sub);
    },

    /** Asks permission, subscribes, and reports the subscription and the outcome as message events. */
    async subscribePush(): Promise<PushResult> {
      if (!supported()) return 'unsupported';
      if (!vapidPublicKey) throw new ContloError('subscribePush needs init option vapidPublicKey', ['vapidPublicKey']);
      const r = await registration();
      if (!r) throw new ContloError('subscribePush needs init option serviceWorker (e.g. "/contlo-sw.js")', ['serviceWorker']);
      const perm = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      if (perm !== 'granted') {
        const denied = perm === 'denied';
        await host.track(denied ? 'Push Permission Denied' : 'Push Permission Dismissed', {});
        host.flush();
        return denied ? 'denied' : 'dismissed';
      }
      const sub = await current(r, await r.pushManager.getSubscription(), vapidPublicKey);
      await report(sub, true);
      await host.track('Push Subscribed', { endpoint_host: new URL(sub.endpoint).host });
      host.flush();
      return 'subscribed';
    },

    /** Unsubscribes this browser and reports `"subscription": null`. */
    async unsubscribePush(): Promise<boolean> {
      const r = supported() ? await registration() : undefined;
      const sub = r && (await r.pushManager.getSubscription());
      if (sub) await sub.unsubscribe();
      await report(null, true);
      await host.track('Push Unsubscribed', {});
      host.flush();
      return !!sub;
    },
  };
}

/** The push API's shape. */
export type Push = ReturnType<typeof createPush>;
