import { test, expect } from '@playwright/test';
import { httpUrl, parsePush, safeTarget, text } from '../service-worker/payload';
import { PUSH, URLS } from '../e2e/bad-input-catalogue';

const base = 'https://shop.example';

test('our payload: every field mapped, at most two buttons, relative URLs resolved', () => {
  const p = parsePush(
    JSON.stringify({
      title: 'Sale', body: 'Now', icon: '/i.png', image: 'https://cdn.example/img.jpg', badge: '/b.png', url: '/sale', tag: 't',
      actions: [{ action: 'a', title: 'A', url: '/a' }, { action: 'b', title: 'B' }, { action: 'c', title: 'C' }],
      message_id: 'm', campaign_id: 'c', require_interaction: true, data: { x: 1 },
    }),
    base,
    'shop.example',
  );
  expect(p.title).toBe('Sale');
  expect(p.options).toMatchObject({ body: 'Now', icon: `${base}/i.png`, image: 'https://cdn.example/img.jpg', badge: `${base}/b.png`, tag: 't', requireInteraction: true });
  const buttons = [{ action: 'a', title: 'A', url: `${base}/a` }, { action: 'b', title: 'B', url: undefined }];
  expect(p.options.actions).toEqual(buttons);
  expect(p.options.data).toEqual({ url: `${base}/sale`, message_id: 'm', campaign_id: 'c', buttons, data: { x: 1 } });
});

test('Declarative Web Push: navigate is the URL, ids may sit in data', () => {
  const p = parsePush(JSON.stringify({ web_push: 8030, notification: { title: 'T', navigate: '/n', body: 'B', actions: [{ action: 'go', title: 'Go', navigate: '/go' }], data: { message_id: 'dm', campaign_id: 'dc' } } }), base, 'x');
  expect(p.options.data).toMatchObject({ url: `${base}/n`, message_id: 'dm', campaign_id: 'dc', data: { message_id: 'dm', campaign_id: 'dc' }, buttons: [{ action: 'go', title: 'Go', url: `${base}/go` }] });
});

test("Contlo's legacy payload: link buttons, acknowledge URLs, tag and requireInteraction like Contlo's worker", () => {
  const p = parsePush(JSON.stringify({ title: 'T', body: 'B', icon: '/i.png', url: '/u', actions: [{ title: 'L', link: '/l' }], open_acknowledge_url: 'https://ack.example/o', click_acknowledge_url: 'https://ack.example/c', close_acknowledge_url: 'javascript:alert(1)' }), base, 'x');
  expect(p.options.tag).toBe('/uB/i.pngT');
  expect(p.options.requireInteraction).toBe(true);
  expect(p.options.data.buttons).toEqual([{ action: 'button-0', title: 'L', url: `${base}/l` }]);
  expect(p.options.data.ack).toEqual({ open: 'https://ack.example/o', click: 'https://ack.example/c', close: undefined });
});

test('anything unusable still yields a notification', () => {
  for (const raw of [undefined, '', 'not json', '[]', '42', 'null', '{"hello":1}', '{"title":""}', '{"title":{"x":1}}', '{"web_push":8030}']) {
    const p = parsePush(raw, base, 'shop.example');
    expect(p.title, String(raw)).toBe('shop.example');
    expect(p.options.body).toBe('You have a new notification.');
    expect(p.options.data).toEqual({ url: `${base}/`, buttons: [] });
  }
});

test('text is plain, trimmed, bounded and free of control characters; URLs must be http(s)', () => {
  expect(text('  a\u0000b\u0007c  ', 10)).toBe('abc');
  expect(text('x'.repeat(500), 200)).toHaveLength(200);
  expect(text(12, 5)).toBe('12');
  expect(text({}, 5)).toBeUndefined();
  expect(httpUrl('javascript:alert(1)', base)).toBeUndefined();
  expect(httpUrl('data:text/html,x', base)).toBeUndefined();
  expect(httpUrl('  JAVASCRIPT:alert(1)', base)).toBeUndefined();
  expect(httpUrl('//evil.example/x', base)).toBe('https://evil.example/x');
  expect(httpUrl('/p?q=1', base)).toBe(`${base}/p?q=1`);
});

test('click targets: same origin or allowedOrigins, else the site root', () => {
  expect(safeTarget(`${base}/a`, base)).toBe(`${base}/a`);
  expect(safeTarget('/b', base)).toBe(`${base}/b`);
  expect(safeTarget(undefined, base)).toBe(`${base}/`);
  expect(safeTarget('javascript:alert(1)', base)).toBe(`${base}/`);
  expect(safeTarget('https://evil.example/x', base)).toBe(`${base}/`);
  expect(safeTarget('http://shop.example/a', base)).toBe(`${base}/`);
  expect(safeTarget('https://blog.example/post', base, ['https://blog.example'])).toBe('https://blog.example/post');
  expect(safeTarget('https://blog.example.evil/post', base, ['https://blog.example'])).toBe(`${base}/`);
  expect(safeTarget('https://blog.example/post', base, ['javascript:alert(1)'])).toBe(`${base}/`);
});

test('catalogue: every broken or hostile push payload still shows a safe notification', () => {
  const shown = PUSH.map(([kind, raw]) => [kind, parsePush(raw, base, 'shop.example')] as const);
  const byKind = Object.fromEntries(shown);
  for (const [kind, p] of shown) {
    expect(p.title.length, kind).toBeGreaterThan(0);
    expect(p.title.length, kind).toBeLessThanOrEqual(200);
    expect(p.options.actions?.length ?? 0, kind).toBeLessThanOrEqual(2);
  }
  for (const kind of ['no payload', 'broken JSON', 'a JSON array', 'a JSON string', 'unknown shape', 'title not a string', 'Declarative Web Push without notification']) {
    expect(byKind[kind].title, kind).toBe('shop.example');
    expect(byKind[kind].options.body, kind).toBe('You have a new notification.');
  }
  expect(byKind['HTML and script in the text'].title).toBe('<b>Hi</b><img src=x onerror=alert(1)>');
  expect(byKind['control characters in the text'].title).toBe('ABC');
  expect(byKind['a 10,000-character title'].title).toBe('x'.repeat(200));
  const labels = (kind: string) => byKind[kind].options.actions?.map(({ action, title }) => ({ action, title }));
  expect(labels('five action buttons')).toEqual([{ action: 'a1', title: 'B1' }, { action: 'a2', title: 'B2' }]);
  expect(labels('malformed action buttons')).toEqual([{ action: 'button-3', title: 'Ok' }]);
});

test('catalogue: hostile click URLs open the site root', () => {
  for (const [kind, url, opens] of URLS) {
    const allowed = kind === 'an allowed origin' ? ['https://blog.example'] : [];
    expect(safeTarget(url, base, allowed), kind).toBe(opens.split(' ')[0]);
  }
});
