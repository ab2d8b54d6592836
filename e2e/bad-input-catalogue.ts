// The bad-input catalogue: every kind of bad call, payload and batch we test, with the error it
// gets. docs/BAD-INPUT.md is generated from this file (node scripts/bad-input-doc.mjs) and a
// unit test keeps the two in step.

/** A bad call in the page: [kind, code run in the page, words the rejection contains]. */
export type PageCase = [kind: string, code: string, error: string];

/** Misuse of the page API and hostile property values. */
export const PAGE: PageCase[] = [
  ['empty event name', `contlo.track('')`, 'event name must be a non-empty string'],
  ['blank event name', `contlo.track('   ')`, 'event name must be a non-empty string'],
  ['numeric event name', `contlo.track(42)`, 'event name must be a non-empty string'],
  ['missing event name', `contlo.track()`, 'event name must be a non-empty string'],
  ['symbol as event name', `contlo.track(Symbol('x'))`, 'event name must be a non-empty string'],
  ['object as event name', `contlo.track({ name: 'x' })`, 'event name must be a non-empty string'],
  ['event name over 255 characters', `contlo.track('x'.repeat(300))`, 'event name is longer than 255 characters'],
  ['properties a string', `contlo.track('E', 'red')`, 'properties must be a plain object'],
  ['properties an array', `contlo.track('E', [1, 2])`, 'properties must be a plain object'],
  ['properties null', `contlo.track('E', null)`, 'properties must be a plain object'],
  ['properties a Date', `contlo.track('E', new Date())`, 'properties must be a plain object'],
  ['circular reference', `(() => { const o = { a: 1 }; o.self = o; return contlo.track('E', o); })()`, 'properties.self is a circular reference'],
  ['circular reference through an array', `(() => { const a = []; a.push({ a }); return contlo.track('E', { a }); })()`, 'is a circular reference'],
  ['function value', `contlo.track('E', { cb() {} })`, 'properties.cb is a function, which JSON cannot carry'],
  ['toJSON method', `contlo.track('E', { v: { toJSON() { return 1; } } })`, 'properties.v.toJSON is a function'],
  ['symbol value', `contlo.track('E', { s: Symbol('x') })`, 'properties.s is a symbol'],
  ['BigInt value', `contlo.track('E', { n: 10n })`, 'properties.n is a bigint'],
  ['NaN', `contlo.track('E', { price: NaN })`, 'properties.price is NaN, not a finite number'],
  ['Infinity', `contlo.track('E', { price: Infinity })`, 'properties.price is Infinity, not a finite number'],
  ['-Infinity in an array', `contlo.track('E', { prices: [1, -Infinity] })`, 'properties.prices.1 is -Infinity'],
  ['a Map', `contlo.track('E', { m: new Map() })`, 'properties.m is a Map, not plain JSON'],
  ['a Set', `contlo.track('E', { s: new Set([1]) })`, 'properties.s is a Set, not plain JSON'],
  ['a typed array', `contlo.track('E', { b: new Uint8Array(4) })`, 'properties.b is a Uint8Array, not plain JSON'],
  ['a DOM node', `contlo.track('E', { el: document.body })`, 'properties.el is a HTMLBodyElement, not plain JSON'],
  ['window itself', `contlo.track('E', { w: window })`, 'properties.w is a Window, not plain JSON'],
  ['a RegExp', `contlo.track('E', { r: /x/ })`, 'properties.r is a RegExp, not plain JSON'],
  ['an Error object', `contlo.track('E', { e: new Error('x') })`, 'properties.e is a Error, not plain JSON'],
  ['a getter that throws', `contlo.track('E', { get boom() { throw new Error('kaboom'); } })`, 'properties could not be read (kaboom)'],
  ['a Proxy that throws', `contlo.track('E', new Proxy({}, { ownKeys() { throw new Error('trap'); } }))`, 'could not be read (trap)'],
  ['over 32 KB', `contlo.track('E', { blob: 'x'.repeat(40000) })`, 'over the 32 KB limit'],
  ['over 32 KB in UTF-8 only', `contlo.track('E', { blob: 'é'.repeat(17000) })`, 'over the 32 KB limit'],
  ['nesting deeper than 10', `(() => { let o = {}; for (let i = 0; i < 12; i++) o = { o }; return contlo.track('E', o); })()`, 'nests deeper than 10 levels'],
  ['profile properties not an object', `contlo.track('E', {}, 'x')`, 'profileProperties must be a plain object'],
  ['profile properties with a function', `contlo.track('E', {}, { f() {} })`, 'profileProperties.f is a function'],
  ['identify with a bad email', `contlo.identify({ email: 'not-an-email' })`, 'email "not-an-email" is not a valid address'],
  ['identify with a script in the email', `contlo.identify({ email: '<script>@x.co' })`, 'is not a valid address'],
  ['identify with a bad phone', `contlo.identify({ phone_number: '12' })`, 'phone_number "12" is not a valid international number'],
  ['identify a national number without a country code', `contlo.identify({ phone_number: '9876543210' })`, 'phone_number "9876543210" is not a valid international number'],
  ['identify with letters in the phone', `contlo.identify({ phone_number: '+91 98765 CALL' })`, 'is not a valid international number'],
  ['identify not an object', `contlo.identify('a@b.co')`, 'identify() needs an object'],
  ['identify with null', `contlo.identify(null)`, 'identify() needs an object'],
  ['identify with an object as first_name', `contlo.identify({ first_name: { x: 1 } })`, 'first_name must be a string'],
  ['identify with a function property', `contlo.identify({ email: 'ok@example.com', f() {} })`, 'profile.f is a function'],
  ['identify with bad email and bad phone at once', `contlo.identify({ email: 'x', phone_number: 'y' })`, 'email "x" is not a valid address; phone_number "y"'],
  ['charged with nothing', `contlo.charged()`, 'charged() needs an object of details'],
  ['charged with an array', `contlo.charged([1])`, 'charged() needs an object of details'],
  ['charged with a throwing getter', `contlo.charged({ get transaction_id() { throw new Error('nope'); } })`, 'details could not be read (nope)'],
  ['charged with time in seconds', `contlo.charged({ transaction_id: 't', transaction_value: 1, currency: 'INR', product_ids: ['p'], variant_ids: ['v'], email: 'a@b.co', time: 1732600000 })`, 'time 1732600000 looks like seconds; pass epoch milliseconds (1732600000000)'],
  ['charged with an unknown currency', `contlo.charged({ transaction_id: 't', transaction_value: 1, currency: 'ABC', product_ids: ['p'], variant_ids: ['v'], email: 'a@b.co' })`, 'currency must be an ISO 4217 code such as "INR", got "ABC"'],
  ['charged missing every mandatory field', `contlo.charged({})`, 'transaction_id is required (a non-empty string); transaction_value is required'],
  ['second init', `contlo.init('pk_other', {})`, 'contlo.init was already called'],
];

/** Bad init options, each tried on a fresh page: [kind, options or key, error]. */
export const INIT: [kind: string, args: string, error: string][] = [
  ['init without an API key', `'', {}`, 'apiKey must be a non-empty string'],
  ['init with a non-string API key', `42, {}`, 'apiKey must be a non-empty string'],
  ['batchSize 0', `'pk_demo', { batchSize: 0 }`, 'batchSize must be a positive integer'],
  ['batchSize a string', `'pk_demo', { batchSize: '10' }`, 'batchSize must be a positive integer'],
  ['flushInterval NaN', `'pk_demo', { flushInterval: NaN }`, 'flushInterval must be a positive integer'],
  ['maxQueueSize negative', `'pk_demo', { maxQueueSize: -1 }`, 'maxQueueSize must be a positive integer'],
  ['unknown wire format', `'pk_demo', { format: 'xml' }`, 'format must be "batch" or "contlo-v1"'],
];

/** Broken or hostile push payloads: [kind, payload text, what the notification shows]. */
export const PUSH: [kind: string, payload: string, shows: string][] = [
  ['no payload', '', 'the site name and "You have a new notification."'],
  ['broken JSON', '{"title": "oops', 'the site name and "You have a new notification."'],
  ['a JSON array', '[1,2]', 'the site name and "You have a new notification."'],
  ['a JSON string', '"hello"', 'the site name and "You have a new notification."'],
  ['unknown shape', '{"hello":"world"}', 'the site name and "You have a new notification."'],
  ['title not a string', '{"title":{"x":1}}', 'the site name and "You have a new notification."'],
  ['Declarative Web Push without notification', '{"web_push":8030}', 'the site name and "You have a new notification."'],
  ['HTML and script in the text', '{"title":"<b>Hi</b><img src=x onerror=alert(1)>","body":"<script>alert(1)</script>"}', 'the text as typed, never interpreted as HTML'],
  ['control characters in the text', '{"title":"A\\u0000B\\u0007C"}', '"ABC"'],
  ['a 10,000-character title', JSON.stringify({ title: 'x'.repeat(10000) }), 'the first 200 characters'],
  ['five action buttons', JSON.stringify({ title: 'T', actions: [1, 2, 3, 4, 5].map((i) => ({ action: `a${i}`, title: `B${i}` })) }), 'the first two buttons'],
  ['malformed action buttons', '{"title":"T","actions":[null,"x",{"action":"a"},{"title":"Ok"}]}', 'only the button with a title'],
];

/** Hostile click URLs: [kind, URL in the push, what a click opens] — the site is https://shop.example. */
export const URLS: [kind: string, url: string, opens: string][] = [
  ['javascript: URL', 'javascript:alert(document.cookie)', 'https://shop.example/'],
  ['JAVASCRIPT: in capitals with spaces', '  JAVASCRIPT:alert(1)', 'https://shop.example/'],
  ['data: URL', 'data:text/html,<script>alert(1)</script>', 'https://shop.example/'],
  ['vbscript: URL', 'vbscript:msgbox(1)', 'https://shop.example/'],
  ['file: URL', 'file:///etc/passwd', 'https://shop.example/'],
  ['blob: URL', 'blob:https://shop.example/123', 'https://shop.example/'],
  ['another origin', 'https://evil.example/phish', 'https://shop.example/'],
  ['protocol-relative', '//evil.example/x', 'https://shop.example/'],
  ['look-alike host', 'https://shop.example.evil.com/', 'https://shop.example/'],
  ['credentials trick', 'https://shop.example@evil.example/', 'https://shop.example/'],
  ['same host over http', 'http://shop.example/a', 'https://shop.example/'],
  ['an allowed origin', 'https://blog.example/post', 'https://blog.example/post (when allowedOrigins has https://blog.example)'],
];

/** Malformed batches against the reference server: [kind, body, HTTP status, error]. */
export const BATCHES: [kind: string, body: string, status: number, error: string][] = [
  ['body not JSON', 'not json', 400, 'body is not valid JSON'],
  ['batch missing', '{"api_key":"pk_demo"}', 400, 'batch must be a non-empty array of records'],
  ['batch empty', '{"api_key":"pk_demo","batch":[]}', 400, 'batch must be a non-empty array of records'],
  ['batch an object', '{"api_key":"pk_demo","batch":{}}', 400, 'batch must be a non-empty array of records'],
  ['api_key missing', '{"batch":[{}]}', 401, 'api_key'],
  ['api_key unknown', '{"api_key":"pk_nope","batch":[{}]}', 401, 'api_key'],
  ['more than 1,000 records', JSON.stringify({ api_key: 'pk_demo', batch: Array.from({ length: 1001 }, () => 1) }), 400, 'at most 1000 are allowed'],
  ['record not an object', '{"api_key":"pk_demo","batch":[42]}', 200, 'record must be a JSON object (got number)'],
  ['record without event_id', '{"api_key":"pk_demo","batch":[{"type":"track","event":"E","device_event_time":1}]}', 200, 'event_id is required'],
  ['unknown record type', '{"api_key":"pk_demo","batch":[{"type":"page","event_id":"e1","device_event_time":1}]}', 200, 'type must be one of track, identify, push_subscription'],
  ['device_event_time missing', '{"api_key":"pk_demo","batch":[{"type":"track","event_id":"e2","event":"E"}]}', 200, 'device_event_time must be a finite number > 0'],
  ['phone not E.164', '{"api_key":"pk_demo","batch":[{"type":"track","event_id":"e3","event":"E","device_event_time":1,"phone_number":"12345"}]}', 200, 'phone_number must be E.164'],
  ['Charged without contact', '{"api_key":"pk_demo","batch":[{"type":"track","event_id":"e4","event":"Charged","device_event_time":1,"properties":{"event_type":"charged","transaction_id":"t","transaction_value":1,"currency":"INR","product_ids":["p"],"variant_ids":["v"]}}]}', 200, 'email or phone_number is required'],
  ['subscription endpoint not https', '{"api_key":"pk_demo","batch":[{"type":"push_subscription","event_id":"e5","device_event_time":1,"subscription":{"endpoint":"http://x","keys":{"p256dh":"a","auth":"b"}}}]}', 200, 'subscription.endpoint must be an https URL'],
  ['body over 1 MB', 'x'.repeat(1_100_000), 413, ''],
];
