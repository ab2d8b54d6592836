let seed = '';
let n = 4096;

/** A random v4 UUID (crypto.randomUUID where available, getRandomValues on insecure pages). */
export function randomUUID(): string {
  return crypto.randomUUID
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));
}

/**
 * A unique id in UUID v4 format, for event and batch ids. randomUUID costs microseconds a call,
 * which a burst of track() calls would feel, so a random 33-character prefix from it is renewed
 * every 4,096 ids and followed by a 3-hex-digit counter (110 random bits per prefix). Ids that
 * must not be linkable to others (anonymous_id) or must differ per context use randomUUID.
 */
export function uuid(): string {
  if (n > 4095) {
    seed = randomUUID().slice(0, 33);
    n = 0;
  }
  return seed + (4096 + n++).toString(16).slice(1);
}
