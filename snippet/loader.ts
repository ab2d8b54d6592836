// The paste-in stub (dist/loader.js). Every byte here is paid by every visitor: keep it tiny.
// It records calls until the SDK arrives; if the visitor leaves first, the recorded track,
// identify and charged calls are kept in localStorage and replayed by the SDK on the next page.
type Stub = Record<string, unknown> & { q?: unknown[][] };
const W = window as Window & { contlo?: Stub };
((w, d, c: Stub) => {
  if (c.q) return;
  const q: unknown[][] = (c.q = []);
  const id = (c.id = Math.random());
  'init identify track charged flush reset on subscribePush unsubscribePush'.split(' ').map(
    (m) =>
      (c[m] = (...a: unknown[]) => {
        const p = new Promise((r, j) => q.push([m, a, r, j, Date.now()]));
        p.catch(() => 0);
        return p;
      }),
  );
  // load(src, integrity?): with a Subresource Integrity hash the SDK only runs if it is exactly that build.
  c.load = (src: string, sri?: string) => {
    const s = d.createElement('script');
    s.async = true;
    s.src = src;
    if (sri) (s.integrity = sri), (s.crossOrigin = 'anonymous');
    d.head.appendChild(s);
  };
  w.addEventListener('pagehide', () => {
    try {
      if (w.contlo === c && q.length) localStorage.setItem('contlo_q', JSON.stringify([id, q.filter((x) => /^(tr|id|ch)/.test(x[0] as string)).map((x) => [x[0], x[1], x[4]])]));
    } catch (e) {}
  });
})(W, document, (W.contlo = W.contlo || {}));
