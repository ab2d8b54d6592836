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
/** Set while a subscription is being replaced (see fresh). */
const SWAP = 'push_swap';

/** Base64url (VAPID key) to bytes. */
function keyBytes(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0)) as Uint8Array<ArrayBuffer>;
}

/** The VAPID key `sub` was made with, as comparable text (undefined: the browser does not say). */
const keyOf = (sub: PushSubscription): string | undefined => {
  const k = sub.options?.applicationServerKey;
  return k ? new Uint8Array(k).join() : undefined;
};
const keyText = (b64: string) => keyBytes(b64).join();

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/**
 * Runs `fn` under the cross-tab 'contlo-push' lock: reading the subscription, changing it and
 * reporting it happen as one step, so a page-load check and a (un)subscribe never interleave.
 */
const locked = <T>(fn: () => Promise<T>): Promise<T> =>
  // request() resolves with the callback's settled value; the DOM typings nest the promise.
  navigator.locks ? (navigator.locks.request('contlo-push', fn) as Promise<unknown> as Promise<T>) : fn();

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
   * The browser's subscription, replaced by a new one with `key` when `swap` says so (it was made
   * with old VAPID keys: it can no longer be pushed to). SWAP marks a replacement in progress: the
   * old subscription is gone before the new one exists, and a failed subscribe is retried on the
   * next load. The server drops the old one when its push service answers 404/410.
   */
  async function fresh(r: ServiceWorkerRegistration, key: string | false | undefined, swap: (sub: PushSubscription | null) => Promise<unknown>) {
    let sub = await r.pushManager.getSubscription();
    if (key && (await swap(sub))) {
      await host.set(SWAP, key);
      await sub?.unsubscribe();
      sub = await r.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      await host.set('vapid', key); // the key this SDK subscribed with
      await host.set(SWAP, '');
    }
    return sub;
  }

  return {
    /** Compares the browser's subscription with the last one sent and re-sends when it changed. */
    async sync(): Promise<void> {
      const r = await registration();
      if (!r) return;
      // With permission granted, no prompt is needed to replace a subscription this SDK made with
      // VAPID keys since changed (one made by another push provider is left alone), or to finish a
      // replacement cut short.
      return locked(async () => {
        const was = await host.get<string>('vapid');
        const sub = await fresh(r, Notification.permission === 'granted' && vapidPublicKey, async (s) =>
          s ? was && was !== vapidPublicKey && keyOf(s) === keyText(was) : await host.get(SWAP),
        );
        if (sub || (await host.get<string>(LAST))) await report(sub);
      });
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
      // None yet, or one made with another key (known to differ): subscribe with ours.
      const sub = await locked(async () => {
        const s = (await fresh(r, vapidPublicKey, async (s) => !s || (keyOf(s) ?? keyText(vapidPublicKey)) !== keyText(vapidPublicKey)))!;
        await host.set('vapid', vapidPublicKey);
        await report(s, true);
        return s;
      });
      await host.track('Push Subscribed', { endpoint_host: new URL(sub.endpoint).host });
      host.flush();
      return 'subscribed';
    },

    /** Unsubscribes this browser and reports `"subscription": null`. */
    async unsubscribePush(): Promise<boolean> {
      const r = supported() ? await registration() : undefined;
      const sub = await locked(async () => {
        const s = r && (await r.pushManager.getSubscription());
        if (s) await s.unsubscribe();
        await host.set(SWAP, ''); // a replacement cut short is not finished after this
        await report(null, true);
        return s;
      });
      await host.track('Push Unsubscribed', {});
      host.flush();
      return !!sub;
    },
  };
}

/** The push API's shape. */
export type Push = ReturnType<typeof createPush>;
