// The page side of held Charged records. charged() queues the call's details at once, in call
// order, as a held record that no sender sends; the lazy module dist/contlo-charged.mjs validates
// it and puts the validated record in its place in the queue, or takes it out.
import { normalizeEmail, normalizePhone } from './core/contact';
import { ContloError, failIf } from './core/errors';
import { propsProblem } from './core/validate';
import type { Client } from './core/client';
import type { Entry, Identity } from './core/types';
import type { Loader } from './sdk';

/** How long a held record is left to the page that queued it (validating it at once) before another page validates it. */
const GRACE_MS = 5000;

/**
 * Validation of held Charged records for one SDK instance: `country()` is the default phone
 * country code, `peek` how many queued records a flush reads ahead.
 */
export function createHeld(load: Loader, client: () => Client, country: () => string | undefined, peek: () => number, emit: (type: string, detail: unknown) => void) {
  let mod: Promise<typeof import('./charged')> | undefined;
  let retryAt = 0;
  let tries = 0;
  let told = false;
  let run: Promise<void> | undefined;
  /** This page's calls whose validation is under way, by event_id. */
  const validating = new Map<string, Promise<unknown>>();

  /**
   * The module; a load taking over 10 s counts as failed (its callers and flush() must not wait on
   * it forever). After a failed load while online, tried again after 1 s, 2 s, 4 s … up to 64 s.
   */
  const api = () =>
    Date.now() < retryAt
      ? Promise.reject(new Error('contlo-charged.mjs did not load; retrying later'))
      : (mod ||= Promise.race([load('charged'), new Promise<never>((_, no) => setTimeout(no, 10_000, new Error('contlo-charged.mjs did not load within 10 s')))]).then(
          (m) => (m.useLib({ normalizeEmail, normalizePhone, ContloError, failIf, propsProblem }), m),
          (e) => {
            mod = undefined;
            if (navigator.onLine) retryAt = Date.now() + 1000 * 2 ** Math.min(tries++, 6);
            throw e;
          },
        ));

  /**
   * Validates held entries in place in the queue: each one's error. None when the module cannot
   * load or validation failed for another reason: they stay held, and the first such failure
   * while online is reported (a module missing from the server holds every later record).
   */
  const validate = (entries: Entry[]): Promise<unknown[]> =>
    entries.length
      ? api()
          .then((m) => m.validateHeld(client().queue, entries, country()))
          .catch((e) => {
            if (navigator.onLine && !told) (told = true), emit('error', { message: String(e?.message || e) });
            return [];
          })
      : Promise.resolve([]);

  return {
    /** Validates this page's own held call once written: resolves with its event_id, or rejects with its errors. */
    own(entry: Entry, written: Promise<string>): Promise<string> {
      const id = entry.rec.event_id;
      const done = written
        .then(() => validate([entry]))
        .then(([err]) => (err ? Promise.reject(err) : id))
        .finally(() => validating.delete(id));
      validating.set(id, done.catch(() => {}));
      return done;
    },

    /** A call whose details are not plain JSON: rejects with every problem the module finds, else with `problem`. */
    invalid(details: unknown, who: Identity, at: number, problem: string): Promise<never> {
      return api()
        .then((m) => m.validateCharged(details, who, country(), at), () => 0)
        .then(() => Promise.reject(new ContloError(problem, ['details'])));
    },

    /**
     * Validates the held records a flush stopped at, left by pages that could not load the module
     * or closed first (one run at a time; a fresh one is left to its own page a few seconds); the
     * invalid ones are reported as dropped.
     */
    held: (): Promise<void> =>
      (run ||= Promise.all(validating.values())
        .then(() => client().queue.peek(peek()))
        .then((all) => {
          const now = Date.now();
          const raw = all.filter((e) => e.rec.raw && !validating.has(e.rec.event_id) && !(Math.abs(now - e.key[0]) < GRACE_MS));
          return validate(raw).then((errs) => {
            const bad = raw.filter((_, i) => errs[i]);
            const event_ids = bad.map((e) => e.rec.event_id);
            if (bad.length) emit('dropped', { reason: 'invalid', count: bad.length, event_ids, errors: errs.filter((e) => e).map((e) => (e as Error).message) });
          });
        })
        .catch((e) => emit('error', { message: String(e?.message || e) }))
        .finally(() => (run = undefined))),
  };
}
