/**
 * The worker's ids: crypto.randomUUID is always there in a service worker that can receive a
 * push (a secure context; Safari has both since 16), so the worker bundle (build.mjs aliases
 * snippet/core/uuid.ts here) skips the page's fallback and prefix scheme.
 */
export const uuid = (): string => crypto.randomUUID();
/** The same: every worker id is fully random. */
export const randomUUID = uuid;
