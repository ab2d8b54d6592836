import { randomBytes } from 'node:crypto';
import { CHARGE_COLUMNS, byCurrency, chargesFromRows } from './charges';
import { stmt, type Db, type Obj } from './db';
import { PushRequestError, validatePushPayload, type PushAction, type PushPayload } from './push-payload';
import { sendPush, type PushContext, type PushTarget } from './push-sender';

/** What the compose form asks for (strings as typed). */
export interface CampaignInput {
  name: string;
  title: string;
  body: string;
  url: string;
  image: string;
  buttons: { title: string; url: string }[];
  /** "all" or "profile:<id>". */
  to: string;
}

/** A stored campaign. */
export interface Campaign {
  id: string;
  name: string;
  payload: PushPayload;
  audience: string;
  message_id: string | null;
  created_at: number;
  error: string | null;
}

/** What a campaign did: sends, message events (per button) and revenue within 24 h of a click. */
export interface CampaignStats {
  sent: number;
  failed: number;
  delivered: number;
  clicked: number;
  clicksByButton: { action: string | null; count: number }[];
  dismissed: number;
  revenue: { currency: string; amount: number; count: number }[];
}

/** How long after a click a Charged event counts as the campaign's revenue. */
export const ATTRIBUTION_MS = 24 * 60 * 60 * 1000;

function linkOk(v: string): boolean {
  if (v === '') return true;
  if (v.startsWith('/') && !v.startsWith('//')) return true;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function slug(s: string, i: number): string {
  const base = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30);
  return base || `button-${i + 1}`;
}

/** Checks the form and builds the push payload; errors name each bad field. */
export function buildPayload(input: CampaignInput, campaignId: string): { ok: true; payload: PushPayload; target: PushTarget } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (input.title.trim() === '') errors.push('Title is required.');
  if (input.title.length > 80) errors.push('Title must be at most 80 characters.');
  if (input.body.length > 240) errors.push('Message must be at most 240 characters.');
  if (input.name.length > 80) errors.push('Campaign name must be at most 80 characters.');
  for (const [label, v] of [['Link', input.url], ['Image', input.image]] as const) {
    if (!linkOk(v.trim())) errors.push(`${label} must be a path on this site (/…) or an http(s) URL.`);
  }
  const actions: PushAction[] = [];
  input.buttons.slice(0, 2).forEach((b, i) => {
    const title = b.title.trim();
    const url = b.url.trim();
    if (title === '' && url === '') return;
    if (title === '') return void errors.push(`Button ${i + 1} needs a label.`);
    if (title.length > 30) errors.push(`Button ${i + 1} label must be at most 30 characters.`);
    if (!linkOk(url)) errors.push(`Button ${i + 1} link must be a path on this site (/…) or an http(s) URL.`);
    actions.push({ action: slug(title, i), title, ...(url ? { url } : {}) });
  });
  if (actions.length === 2 && actions[0]?.action === actions[1]?.action) errors.push('The two buttons need different labels.');
  let target: PushTarget | null = null;
  const m = /^profile:(\d+)$/.exec(input.to);
  if (input.to === 'all') target = { all: true };
  else if (m) target = { profileId: Number(m[1]) };
  else errors.push('Choose who to send to.');
  if (errors.length > 0 || !target) return { ok: false, errors };
  const payload: PushPayload = {
    title: input.title.trim(),
    ...(input.body.trim() ? { body: input.body.trim() } : {}),
    ...(input.url.trim() ? { url: input.url.trim() } : {}),
    ...(input.image.trim() ? { image: input.image.trim() } : {}),
    ...(actions.length > 0 ? { actions } : {}),
    campaign_id: campaignId,
  };
  const v = validatePushPayload(payload);
  return v.ok ? { ok: true, payload: v.payload, target } : { ok: false, errors: [v.error] };
}

/** A new campaign id, e.g. "cmp-3f9a1c2b". */
export function newCampaignId(): string {
  return `cmp-${randomBytes(4).toString('hex')}`;
}

/** Sends a campaign through the push sender and stores it; refuses (sending nothing) a bad form or an audience without subscriptions. */
export async function sendCampaign(ctx: PushContext, input: CampaignInput, now = Date.now()): Promise<{ ok: true; id: string } | { ok: false; errors: string[] }> {
  const id = newCampaignId();
  const built = buildPayload(input, id);
  if (!built.ok) return built;
  try {
    const r = await sendPush(ctx, built.target, built.payload);
    if (r.results.length === 0) return { ok: false, errors: ['Nobody to send to: that audience has no push subscription.'] };
    const errors = r.results.filter((x) => x.error).map((x) => x.error);
    stmt(ctx.db, 'INSERT INTO campaigns (id, name, payload, audience, message_id, created_at, error) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id,
      input.name.trim() || built.payload.title,
      JSON.stringify(built.payload),
      input.to,
      r.message_id,
      now,
      errors.length > 0 ? errors.slice(0, 3).join('; ') : null,
    );
    return { ok: true, id };
  } catch (e) {
    if (e instanceof PushRequestError) return { ok: false, errors: [e.message] };
    throw e;
  }
}

function toCampaign(row: Obj): Campaign {
  return { ...(row as unknown as Campaign), payload: JSON.parse(String(row.payload)) as PushPayload };
}

/** Every campaign, newest first. */
export function listCampaigns(db: Db): Campaign[] {
  return (stmt(db, 'SELECT * FROM campaigns ORDER BY created_at DESC, rowid DESC').all() as Obj[]).map(toCampaign);
}

/** What one campaign did. Message events count once per message and device; revenue is Charged events of clickers within 24 h after their click. */
export function campaignStats(db: Db, id: string): CampaignStats {
  const sends = stmt(db, 'SELECT COALESCE(SUM(status BETWEEN 200 AND 299), 0) AS sent, COUNT(*) AS total FROM push_sends WHERE campaign_id = ?').get(id) as {
    sent: number;
    total: number;
  };
  const rows = stmt(
    db,
    `SELECT event, json_extract(properties, '$.action') AS action,
       COUNT(DISTINCT COALESCE(json_extract(properties, '$.message_id'), '') || '|' || COALESCE(anonymous_id, CAST(profile_id AS TEXT), event_id)) AS n
     FROM events WHERE event_type = 'message' AND event IN ('Push Delivered', 'Push Clicked', 'Push Dismissed')
       AND json_extract(properties, '$.campaign_id') = ? GROUP BY event, action`,
  ).all(id) as { event: string; action: string | null; n: number }[];
  const sum = (ev: string): number => rows.filter((r) => r.event === ev).reduce((s, r) => s + r.n, 0);
  const charged = stmt(
    db,
    `SELECT ${CHARGE_COLUMNS} FROM events ch WHERE (ch.event = 'Charged' OR ch.event_type = 'charged') AND ch.profile_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM events c WHERE c.event = 'Push Clicked' AND c.event_type = 'message' AND c.profile_id = ch.profile_id
         AND json_extract(c.properties, '$.campaign_id') = @id
         AND ch.device_event_time >= c.device_event_time AND ch.device_event_time <= c.device_event_time + @window)
     ORDER BY seq`,
  ).all({ id, window: ATTRIBUTION_MS }) as Obj[];
  return {
    sent: sends.sent,
    failed: sends.total - sends.sent,
    delivered: sum('Push Delivered'),
    clicked: sum('Push Clicked'),
    clicksByButton: rows.filter((r) => r.event === 'Push Clicked').map((r) => ({ action: r.action, count: r.n })),
    dismissed: sum('Push Dismissed'),
    revenue: byCurrency(chargesFromRows(charged)),
  };
}

/** A profile that can be targeted: it has at least one push subscription. */
export interface Subscriber {
  id: number;
  email: string | null;
  phone_number: string | null;
  first_name: string | null;
  last_name: string | null;
  devices: number;
}

/** Profiles with push subscriptions (most recently subscribed first) and the number of subscriptions in all. */
export function subscribers(db: Db): { profiles: Subscriber[]; total: number } {
  const profiles = stmt(
    db,
    `SELECT p.id, p.email, p.phone_number, p.first_name, p.last_name, COUNT(*) AS devices FROM push_subscriptions s
     JOIN profiles p ON p.id = s.profile_id GROUP BY p.id ORDER BY MAX(s.updated_at) DESC LIMIT 200`,
  ).all() as Subscriber[];
  const total = (stmt(db, 'SELECT COUNT(*) AS n FROM push_subscriptions').get() as { n: number }).n;
  return { profiles, total };
}
