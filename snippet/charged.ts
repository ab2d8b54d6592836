// dist/contlo-charged.mjs: Charged validation, loaded only by pages that record a purchase (or
// find one queued that no page could validate yet). charged() queues the call's details at once,
// in call order, as a held record that no sender sends; this module validates it and puts the
// validated record in its place in the queue, or takes it out.
import { validateCharged } from './core/charged';
import { ContloError } from './core/errors';
import type { Queue, Swap } from './core/queue';
import type { Entry, Identity } from './core/types';

export { validateCharged };
export { useLib } from './core/lib';

/**
 * Validates held Charged entries and swaps each for its validated record in the queue (an invalid
 * one is taken out), then updates each valid entry's record; returns each entry's error, if any.
 */
export async function validateHeld(queue: Queue, entries: Entry[], phoneCountry?: string): Promise<unknown[]> {
  const swap: Swap = new Map();
  const errors = entries.map((e) => {
    const { raw, ...rec } = e.rec;
    try {
      // The record carries the identity and time of the call; the details may override both.
      const v = validateCharged(raw, rec as unknown as Identity, phoneCountry, rec.device_event_time);
      if (v.email) rec.email = v.email;
      if (v.phone_number) rec.phone_number = v.phone_number;
      rec.properties = v.properties;
      rec.device_event_time = v.time;
      swap.set(rec.event_id, rec);
    } catch (err) {
      if (err instanceof ContloError) return err;
      throw err; // not the details' fault (e.g. this module and the SDK from different builds): the record stays held
    }
  });
  await queue.remove(entries, swap);
  for (const e of entries) if (swap.has(e.rec.event_id)) (e.rec = swap.get(e.rec.event_id)!), (e.json = undefined);
  return errors;
}
