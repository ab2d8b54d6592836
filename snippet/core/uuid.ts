let seed = '';
let n = 4096;

/**
 * A unique id in UUID v4 format. crypto.randomUUID costs microseconds a call, which a burst of
 * track() calls would feel, so a random 33-character prefix from it is renewed every 4,096 ids
 * and followed by a 3-hex-digit counter (ids stay unique: 110 random bits per prefix).
 */
export function uuid(): string {
  if (n > 4095) {
    seed = (
      crypto.randomUUID
        ? crypto.randomUUID()
        : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16))
    ).slice(0, 33);
    n = 0;
  }
  return seed + (4096 + n++).toString(16).slice(1);
}
