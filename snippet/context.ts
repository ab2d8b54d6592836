// The page context each record carries, cached: a burst of track() calls shares one object and
// does not read location.href per call where the Navigation API reports URL changes.
import type { Props } from './core/types';

let cached: Props | undefined;
let cachedHref: string | undefined;
let cachedAt = 0;
let cachedChars = 0;
/** The Navigation API, where the browser has it. */
export const nav = (globalThis as { navigation?: EventTarget }).navigation;
// Where the Navigation API reports URL changes (pushState, replaceState, fragments), the URL needs no check per call.
nav?.addEventListener('currententrychange', () => (cached = undefined));

/**
 * The page context sent with each record. Rebuilt when the URL changed or after a second (the
 * title may change without it), so a burst of calls shares one object.
 */
export function pageContext(version: string, now = Date.now()): Props {
  if (!cached || now - cachedAt > 1000 || (!nav && location.href !== cachedHref)) {
    cachedHref = location.href;
    cachedAt = now;
    cached = {
      page: { url: cachedHref, path: location.pathname, referrer: document.referrer, title: document.title },
      user_agent: navigator.userAgent,
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      library: { name: 'contlo-snippet', version },
    };
    cachedChars = JSON.stringify(cached).length;
  }
  return cached;
}

/** Serialized length of the current page context. */
export const contextChars = () => cachedChars;
