// Turns any push payload (ours, Declarative Web Push, Contlo's legacy one, or garbage) into
// one notification to show. Pure functions: unit-tested in Node.

/** A notification button and where it leads. */
export interface Button {
  action: string;
  title: string;
  url?: string;
}

/** The normalized push, ready for showNotification and for the message events. */
export interface Parsed {
  title: string;
  /**
   * showNotification options; `image` and `actions` are not in every TS DOM lib yet. `actions` are
   * the buttons themselves: showNotification ignores their `url` (one array instead of two saves worker bytes).
   */
  options: NotificationOptions & { data: NoteData; image?: string; actions?: { action: string; title: string }[] };
}

/** What travels in notification.data, read back on click and close. */
export interface NoteData {
  url?: string;
  message_id?: string;
  campaign_id?: string;
  buttons: Button[];
  /** Contlo legacy acknowledge URLs. */
  ack?: { open?: string; click?: string; close?: string };
  /** The payload's own `data` (Declarative Web Push: `notification.data`), as sent. */
  data?: unknown;
}

type Obj = Record<string, unknown>;
/** Contlo's legacy payloads carry `<kind>_acknowledge_url` for each of these. */
const ACKS = ['open', 'click', 'close'] as const;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A plain-text string of at most `max` characters with control characters removed, or undefined. */
export function text(v: unknown, max: number): string | undefined {
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return;
  // eslint-disable-next-line no-control-regex
  const t = v.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  return t ? t.slice(0, max) : undefined;
}

/** An http(s) URL resolved against `base`, or undefined (javascript:, data: and the like are refused). */
export function httpUrl(v: unknown, base: string): string | undefined {
  const s = text(v, 2048);
  if (!s) return;
  try {
    const u = new URL(s, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return;
  }
}

/**
 * The URL a click may open: http(s), and same-origin as `base` or in `allowed`; anything else
 * (javascript:, data:, a foreign origin) falls back to the site root.
 */
export function safeTarget(url: string | undefined, base: string, allowed: string[] = []): string {
  const root = new URL('/', base).href;
  const u = url && httpUrl(url, base);
  if (!u) return root;
  const origin = new URL(u).origin;
  return origin === new URL(base).origin || allowed.some((a) => httpUrl(a, base) && new URL(a).origin === origin) ? u : root;
}

/** Parses a push payload's text. `site` names the fallback notification. */
export function parsePush(raw: string | null | undefined, base: string, site: string): Parsed {
  let p: unknown;
  try {
    p = raw ? JSON.parse(raw) : undefined;
  } catch {
    p = undefined;
  }
  const fallback = (): Parsed => ({
    title: site,
    options: { body: 'You have a new notification.', data: { url: new URL('/', base).href, buttons: [] } },
  });
  if (!isObj(p)) return fallback();

  let n: Obj = p;
  let url: unknown = p.url;
  let extra: unknown = p.data;
  const declarative = p.web_push === 8030 && isObj(p.notification);
  if (declarative) {
    n = p.notification as Obj;
    url = n.navigate;
    extra = n.data;
  }
  /** Where Declarative Web Push (or anyone) may put the ids instead. */
  const data: Obj = isObj(extra) ? extra : {};
  const legacy = !declarative && ACKS.some((k) => `${k}_acknowledge_url` in p);
  const title = text(n.title, 200);
  if (!title) return fallback();

  const buttons: Button[] = [];
  (Array.isArray(n.actions) ? n.actions : []).forEach((a: unknown, i) => {
    const label = isObj(a) && text(a.title, 60);
    if (label && buttons.length < 2) buttons.push({ action: text(a.action, 64) || `button-${i}`, title: label, url: httpUrl(a.url ?? a.link ?? a.navigate, base) });
  });
  const options: Parsed['options'] = {
    body: text(n.body, 1000),
    icon: httpUrl(n.icon, base),
    badge: httpUrl(n.badge, base),
    image: httpUrl(n.image, base),
    // Contlo's own worker tags by url+body+icon+title and always requires interaction.
    tag: legacy ? [p.url, p.body, p.icon, p.title].join('').slice(0, 500) : text(n.tag, 200),
    requireInteraction: legacy || n.require_interaction === true || n.requireInteraction === true,
    actions: buttons,
    data: {
      url: httpUrl(url, base),
      message_id: text(p.message_id ?? data.message_id, 128),
      campaign_id: text(p.campaign_id ?? data.campaign_id, 128),
      buttons,
      data: extra,
      ack: legacy ? Object.fromEntries(ACKS.map((k) => [k, httpUrl(p[`${k}_acknowledge_url`], base)])) : undefined,
    },
  };
  return { title, options };
}
