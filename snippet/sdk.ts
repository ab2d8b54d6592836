import { createClient, type Client } from './core/client';
import { validateCharged } from './core/charged';
import { normalizeEmail, normalizePhone } from './core/contact';
import { ContloError, failIf } from './core/errors';
import { checkProps, checkSize } from './core/validate';
import { uuid } from './core/uuid';
import { contextChars, linkTabs, mirror, pageContext, watchPage } from './page';
import type { FlushResult } from './core/batcher';
import { createEmitter, type Listener } from './core/emitter';
import type { Identity, Props, WireRecord } from './core/types';
import type { ChargedDetails } from './core/charged';
import type { Push, PushResult } from './push';

/** Library name and version sent in every record's context. */
export const VERSION = '0.1.0';

/** Options of `init` (see README "API"). */
export interface InitOptions {
  endpoint?: string;
  batchSize?: number;
  flushInterval?: number;
  maxQueueSize?: number;
  serviceWorker?: string;
  vapidPublicKey?: string;
  allowedOrigins?: string[];
  debug?: boolean;
  format?: 'batch' | 'contlo-v1';
  /** Country calling code used to normalize national phone numbers, e.g. '91'. */
  defaultCountryCode?: string;
}

/** What `identify` accepts; unknown keys become profile_properties. */
export interface Profile {
  email?: string;
  phone_number?: string;
  external_id?: string;
  first_name?: string;
  last_name?: string;
  city?: string;
  country?: string;
  zip?: string;
  [custom: string]: unknown;
}

const PROFILE_FIELDS = ['external_id', 'first_name', 'last_name', 'city', 'country', 'zip'];

/** Calls `fn`, turning any throw into a rejected promise that is marked handled (never an unhandledrejection in the host page). */
function safe<T>(fn: () => T | Promise<T>, log: (e: unknown) => void): Promise<T> {
  let p: Promise<T>;
  try {
    p = Promise.resolve(fn());
  } catch (e) {
    p = Promise.reject(e);
  }
  p.catch(log);
  return p;
}

/** Loads an optional module lazily (push: only pages that use push; v1: only format 'contlo-v1'). */
export type Loader = {
  (name: 'push'): Promise<typeof import('./push')>;
  (name: 'v1'): Promise<typeof import('./core/v1')>;
};

/** Creates the page SDK: the `window.contlo` object and the ESM default export. */
export function createContlo(load?: Loader) {
  let push: Promise<Push | undefined> | undefined;
  let opts: InitOptions = {};
  let client: Client | undefined;
  let ready = false;
  const waiting: (() => void)[] = [];
  const emitter = createEmitter();
  emitter.on('dropped', (d) => log('dropped', d));
  const log = (...a: unknown[]) => opts.debug && console.log('[contlo]', ...a);
  const report = (e: unknown) => {
    log('call rejected:', (e as Error)?.message || e);
    emitter.emit('error', { message: (e as Error)?.message || String(e) });
  };

  /** Runs `fn` now when ready, else after init has loaded the identity; errors become rejections. */
  const call = <T>(fn: () => T | Promise<T>): Promise<T> =>
    safe(ready ? fn : () => new Promise<T>((res, rej) => waiting.push(() => safe(fn, () => {}).then(res, rej))), report);

  let replayedAt: number | undefined;
  const now = () => replayedAt ?? Date.now();
  // The identity fields known when the call was made (the identity object holds nothing else).
  const base = (type: WireRecord['type'], at: number): WireRecord => ({ type, event_id: uuid(), ...client!.identity!, device_event_time: at });

  function track(event: string, properties?: Props, profileProperties?: Props, eventType = 'custom'): Promise<string> {
    const at = now();
    return call(() => {
      if (typeof event !== 'string' || !event.trim()) throw new ContloError('event name must be a non-empty string', ['event']);
      if (event.length > 255) throw new ContloError('event name is longer than 255 characters', ['event']);
      const chars = checkProps(properties, 'properties') + checkProps(profileProperties, 'profileProperties');
      const rec = base('track', at);
      rec.event = event;
      rec.properties = { ...properties, event_type: eventType };
      rec.profile_properties = profileProperties || {};
      rec.context = pageContext(VERSION, at);
      checkSize(rec, chars + contextChars() + event.length + 400);
      return client!.enqueue(rec);
    });
  }

  /** The push module, loaded on first use. */
  const pushApi = (): Promise<Push | undefined> =>
    (push ||= load
      ? load('push').then((m) =>
          m.createPush(
            {
              record: (type, fields) => call(() => client!.enqueue({ ...base(type, now()), ...fields })),
              track: (event, props) => track(event, props, undefined, 'message'),
              get: (k) => client!.kv.get(k),
              set: (k, v) => client!.kv.set(k, v),
              flush: () => client!.sender.flush(true),
            },
            opts.serviceWorker,
            opts.vapidPublicKey,
          ),
        )
      : Promise.resolve(undefined));

  return {
    /** Starts the SDK with the site's public API key. Safe to call once; later calls are ignored. */
    init(apiKey: string, options: InitOptions = {}): Promise<void> {
      return safe(async () => {
        if (client) throw new ContloError('contlo.init was already called; ignoring the second call', ['init']);
        const o = { batchSize: 50, flushInterval: 2000, maxQueueSize: 10_000, ...options };
        const problems: [string, string][] = [];
        if (typeof apiKey !== 'string' || !apiKey.trim()) problems.push(['apiKey', 'apiKey must be a non-empty string']);
        for (const k of ['batchSize', 'flushInterval', 'maxQueueSize'] as const) {
          if (!Number.isInteger(o[k]) || o[k] < 1) problems.push([k, `${k} must be a positive integer`]);
        }
        if (o.format && o.format !== 'batch' && o.format !== 'contlo-v1') problems.push(['format', 'format must be "batch" or "contlo-v1"']);
        failIf(problems, 'contlo.init');
        opts = o;
        const tabs = linkTabs(() => client, emitter.emit);
        const c = (client = createClient({ ...tabs, emit: emitter.emit, debug: log, onQueued: (n) => lifecycle.queued(n) }));
        const endpoint = (o.endpoint || location.origin).replace(/\/+$/, '');
        const config = { apiKey, endpoint, batchSize: Math.min(o.batchSize, 1000), format: o.format || 'batch', allowedOrigins: o.allowedOrigins };
        c.configure(config, o.maxQueueSize);
        if (config.format !== 'batch') load?.('v1').then((m) => c.configure(config, o.maxQueueSize, m.v1Format), report);
        const lifecycle = watchPage(c, config, tabs, o.flushInterval, o.batchSize);
        // Ready at once from the page's identity mirror, so nothing waits on IndexedDB (a tab
        // closed right after load still has its records in memory for the send on hide).
        const started = c.start(mirror.read());
        ready = true;
        waiting.splice(0).forEach((f) => f());
        lifecycle.kick(); // records left by earlier visits (and the calls just replayed) go now
        await started;
        c.kv.set('config', config).catch(log);
        setTimeout(() => pageContext(VERSION)); // build the context (timezone lookup) before the first track() needs it
        if (o.serviceWorker) pushApi().then((p) => p?.sync()).catch(report);
      }, report);
    },

    track,

    /** Records who the visitor is; email and phone are validated and normalized (E.164). */
    identify(profile: Profile): Promise<string> {
      const at = now();
      return call(() => {
        if (!profile || typeof profile !== 'object' || Array.isArray(profile)) throw new ContloError('identify() needs an object', ['profile']);
        const bad: [string, string][] = [];
        const who: Identity = { ...client!.identity! };
        const rec = base('identify', at);
        const custom: Props = {};
        for (const k in profile) {
          const v = profile[k];
          if (v === undefined) continue;
          if (k === 'email') {
            const e = normalizeEmail(v);
            if (e) who.email = rec.email = e;
            else bad.push(['email', `email ${JSON.stringify(v)} is not a valid address`]);
          } else if (k === 'phone_number') {
            const p = normalizePhone(v, opts.defaultCountryCode);
            if (p) who.phone_number = rec.phone_number = p;
            else bad.push(['phone_number', `phone_number ${JSON.stringify(v)} is not a valid international number (+<country code><number>)`]);
          } else if (PROFILE_FIELDS.includes(k)) {
            if (typeof v !== 'string' && typeof v !== 'number') bad.push([k, `${k} must be a string`]);
            else rec[k] = String(v);
          } else custom[k] = v;
        }
        if (rec.external_id) who.external_id = rec.external_id as string;
        checkProps(custom, 'profile');
        rec.profile_properties = custom;
        failIf(bad, 'Invalid identify() call');
        checkSize(rec);
        const saved = client!.setIdentity(who);
        return client!.enqueue(rec).then((id) => saved.then(() => id));
      });
    },

    /** The Charged (purchase) event, validated against Contlo's mandatory fields. */
    charged(details: ChargedDetails): Promise<string> {
      const at = now();
      return call(() => {
        const v = validateCharged(details, client!.identity!, opts.defaultCountryCode, at);
        const rec = base('track', at);
        rec.event = 'Charged';
        if (v.event_id) rec.event_id = v.event_id;
        if (v.email) rec.email = v.email;
        if (v.phone_number) rec.phone_number = v.phone_number;
        rec.properties = v.properties;
        rec.profile_properties = {};
        rec.device_event_time = v.time;
        rec.context = pageContext(VERSION);
        checkSize(rec);
        return client!.enqueue(rec);
      });
    },

    /** Sends what is queued now; settles when the queue is drained or the attempt failed. */
    flush(): Promise<FlushResult> {
      return call(() => client!.sender.flush(true));
    },

    /** Forgets the visitor (logout) and starts a new anonymous_id. */
    reset(): Promise<void> {
      return call(() => client!.setIdentity({ anonymous_id: uuid() }));
    },

    /** Asks for notification permission and subscribes this browser to web push. */
    subscribePush(): Promise<PushResult> {
      return call(() => pushApi().then((p) => (p ? p.subscribePush() : 'unsupported')));
    },

    /** Unsubscribes this browser from web push and tells the Track API. */
    unsubscribePush(): Promise<boolean> {
      return call(() => pushApi().then((p) => !!p && p.unsubscribePush()));
    },

    /** Subscribes to 'sent', 'dropped' or 'error'; returns a function that unsubscribes. */
    on(type: 'sent' | 'dropped' | 'error', listener: Listener): () => void {
      return typeof listener === 'function' ? emitter.on(type, listener) : () => false;
    },

    /** The anonymous_id records are attributed to (after init). */
    anonymousId(): string | undefined {
      return client?.identity?.anonymous_id;
    },

    /** @internal The loader's call time for replayed calls, so device_event_time is when the page called. */
    callTime(at: number | undefined) {
      replayedAt = at;
    },

    version: VERSION,
  };
}

/** The SDK object's shape. */
export type Contlo = ReturnType<typeof createContlo>;
