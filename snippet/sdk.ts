import { createClient, type Client } from './core/client';
import { validateCharged } from './core/charged';
import { normalizeEmail, normalizePhone } from './core/contact';
import { ContloError, failIf } from './core/errors';
import { checkProps, checkSize } from './core/validate';
import { randomUUID, uuid } from './core/uuid';
import { contextChars, pageContext } from './context';
import { linkTabs, mirror, watchPage } from './page';
import type { FlushResult } from './core/batcher';
import { createEmitter, type Listener } from './core/emitter';
import type { Props, WireRecord } from './core/types';
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

/** Loads an optional module lazily (push: only pages that use push; v1: only format 'contlo-v1'). */
export type Loader = {
  (name: 'push'): Promise<typeof import('./push')>;
  (name: 'v1'): Promise<typeof import('./core/v1')>;
};

/** Creates the page SDK: the `window.contlo` object and the ESM default export. */
export function createContlo(load: Loader) {
  let push: Promise<Push | undefined> | undefined;
  let opts: InitOptions = {};
  let client: Client;
  let ready = false;
  let replayedAt: number | undefined;
  const waiting: (() => void)[] = [];
  const emitter = createEmitter();
  const log = (...a: unknown[]) => opts.debug && console.log('[contlo]', ...a);
  /** Tells the 'sent', 'dropped' and 'error' listeners, and the debug log. */
  const emit = (type: string, detail: unknown) => {
    log(type, detail);
    emitter.emit(type, detail);
  };
  const report = (e: unknown) => emit('error', { message: (e as Error)?.message || String(e) });
  const now = () => replayedAt ?? Date.now();

  /** A rejected promise, reported and marked handled (never an unhandledrejection in the host page). */
  const fail = <T>(e: unknown): Promise<T> => {
    const p = Promise.reject(e);
    p.catch(report);
    return p;
  };

  /** Runs `fn`; a throw or rejection is reported and handled. */
  function attempt<T>(fn: () => T | Promise<T>): Promise<T> {
    let p: Promise<T>;
    try {
      p = Promise.resolve(fn());
    } catch (e) {
      return fail(e);
    }
    p.catch(report);
    return p;
  }
  /** Runs `fn` now when ready, else once init has started (see attempt). */
  const call = <T>(fn: () => T | Promise<T>): Promise<T> => attempt(ready ? fn : () => new Promise<void>((r) => waiting.push(r)).then(fn));

  /** A new record attributed to the current identity. */
  const base = (type: WireRecord['type'], at: number): WireRecord => ({ ...client.identity!, type, event_id: uuid(), device_event_time: at });

  /** Validates and queues one track() call made at `at` (throws on bad input). */
  function record(at: number, event: string, properties?: Props, profileProperties?: Props, eventType = 'custom'): Promise<string> {
    if (typeof event !== 'string' || !event.trim()) throw new ContloError('event name must be a non-empty string', ['event']);
    if (event.length > 255) throw new ContloError('event name is longer than 255 characters', ['event']);
    const chars = checkProps(properties, 'properties') + checkProps(profileProperties, 'profileProperties');
    const rec = base('track', at);
    rec.event = event;
    rec.properties = { ...properties, event_type: eventType }; // the caller's later changes do not leak in
    rec.profile_properties = { ...profileProperties };
    rec.context = pageContext(VERSION, at);
    checkSize(rec, chars + contextChars() + event.length + 400);
    return client.enqueue(rec, at);
  }

  /** Queues a custom event; resolves with its event_id once durably queued. */
  function track(event: string, properties?: Props, profileProperties?: Props, eventType?: string): Promise<string> {
    const at = now();
    if (!ready) return call(() => record(at, event, properties, profileProperties, eventType));
    // The hot path: no wrapper promise; a write that fails rejects a promise the client marked handled.
    try {
      return record(at, event, properties, profileProperties, eventType);
    } catch (e) {
      return fail(e);
    }
  }

  /** The push module, loaded on first use (after a failed load, e.g. offline, the next use tries again). */
  const pushApi = (): Promise<Push | undefined> =>
    (push ||= load('push').then(
      (m) =>
        m.createPush(
          {
            record: (type, fields) => call(() => client.enqueue({ ...base(type, now()), ...fields })),
            track: (event, props) => track(event, props, undefined, 'message'),
            get: (k) => client.kv.get(k),
            set: (k, v) => client.kv.set(k, v),
            flush: () => client.sender.flush(true),
          },
          opts.serviceWorker,
          opts.vapidPublicKey,
        ),
      (e) => {
        push = undefined;
        throw e;
      },
    ));

  return {
    /** Starts the SDK with the site's public API key. Safe to call once; later calls are ignored. */
    init(apiKey: string, options: InitOptions = {}): Promise<void> {
      return attempt(async () => {
        if (client) throw new ContloError('contlo.init was already called; ignoring the second call', ['init']);
        const o = { batchSize: 50, flushInterval: 2000, maxQueueSize: 10_000, ...options };
        const problems: [string, string][] = [];
        const need = (k: string, ok: unknown, what: string) => ok || problems.push([k, `${k} must be ${what}`]);
        need('apiKey', typeof apiKey === 'string' && apiKey.trim(), 'a non-empty string');
        for (const k of ['batchSize', 'flushInterval', 'maxQueueSize'] as const) need(k, Number.isInteger(o[k]) && o[k] > 0, 'a positive integer');
        need('format', !o.format || o.format === 'batch' || o.format === 'contlo-v1', '"batch" or "contlo-v1"');
        failIf(problems, 'contlo.init');
        opts = o;
        const tabs = linkTabs(() => client, emit);
        const onMemory = (e: unknown) => log('IndexedDB failed, queueing in memory:', e);
        const c = (client = createClient({ ...tabs, onMemory, emit, onQueued: (n) => lifecycle.queued(n) }));
        const endpoint = (o.endpoint || location.origin).replace(/\/+$/, '');
        const config = { apiKey, endpoint, batchSize: Math.min(o.batchSize, 1000), format: o.format || 'batch', allowedOrigins: o.allowedOrigins };
        c.configure(config, o.maxQueueSize);
        // The contlo-v1 format's module (flushes wait for it); after a failed load, fetched again when
        // back online.
        const v1 = (): unknown =>
          load('v1').then(
            (m) => c.configure(config, o.maxQueueSize, m.v1Format),
            (e) => (report(e), addEventListener('online', v1, { once: true })),
          );
        if (config.format !== 'batch') v1();
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
      });
    },

    track,

    /** Records who the visitor is; email and phone are validated and normalized (E.164). */
    identify(profile: Profile): Promise<string> {
      const at = now();
      return call(() => {
        if (!profile || typeof profile !== 'object' || Array.isArray(profile)) throw new ContloError('identify() needs an object', ['profile']);
        const bad: [string, string][] = [];
        const rec = base('identify', at); // carries the identity so far; identified fields replace it
        const custom: Props = {};
        for (const k in profile) {
          const v = profile[k];
          if (v === undefined) continue;
          if (k === 'email' || k === 'phone_number') {
            const n = k === 'email' ? normalizeEmail(v) : normalizePhone(v, opts.defaultCountryCode);
            if (n) rec[k] = n;
            else bad.push([k, `${k} ${JSON.stringify(v)} is not a valid ${k === 'email' ? 'address' : 'international number (+<country code><number>)'}`]);
          } else if (PROFILE_FIELDS.includes(k)) {
            if (typeof v !== 'string' && typeof v !== 'number') bad.push([k, `${k} must be a string`]);
            else rec[k] = String(v);
          } else custom[k] = v;
        }
        checkProps(custom, 'profile');
        rec.profile_properties = custom;
        failIf(bad, 'Invalid identify() call');
        checkSize(rec);
        const { anonymous_id, email, phone_number, external_id } = rec;
        const saved = client.setIdentity({ anonymous_id, email, phone_number, external_id });
        return client.enqueue(rec, at).then((id) => saved.then(() => id));
      });
    },

    /** The Charged (purchase) event, validated against Contlo's mandatory fields. */
    charged(details: ChargedDetails): Promise<string> {
      const at = now();
      return call(() => {
        const v = validateCharged(details, client.identity!, opts.defaultCountryCode, at);
        const rec = base('track', at);
        rec.event = 'Charged';
        if (v.event_id) rec.event_id = v.event_id;
        if (v.email) rec.email = v.email;
        if (v.phone_number) rec.phone_number = v.phone_number;
        rec.properties = v.properties;
        rec.profile_properties = {};
        rec.device_event_time = v.time;
        rec.context = pageContext(VERSION, at);
        checkSize(rec);
        return client.enqueue(rec, at);
      });
    },

    /** Sends what is queued now; settles when the queue is drained or the attempt failed. */
    flush(): Promise<FlushResult> {
      return call(() => client.sender.flush(true));
    },

    /** Forgets the visitor (logout) and starts a new anonymous_id. */
    reset(): Promise<void> {
      return call(() => client.setIdentity({ anonymous_id: randomUUID() })); // not linkable to earlier ids
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
