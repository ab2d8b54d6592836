// A fake org.freedesktop.Notifications server on a private D-Bus session bus.
// Chromium on Linux shows web notifications through this service (even headless), and turns
// its ActionInvoked / NotificationClosed signals into trusted `notificationclick` /
// `notificationclose` events in the service worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dbus from 'dbus-next';

const BUS_NAME = 'org.freedesktop.Notifications';
const OBJECT_PATH = '/org/freedesktop/Notifications';

/**
 * One `Notify` call, as Chromium 156 makes it for `registration.showNotification(title, opts)`
 * (this daemon advertises only the `actions` and `body` capabilities, so all text is plain):
 * - `summary`: the title, verbatim (not escaped);
 * - `body`: the origin's host:port, then `\n\n` and `opts.body` (e.g. `127.0.0.1:4123\n\nWorld`;
 *   just the host:port when there is no body);
 * - `appName`: "Chromium"; `icon`: a file:// URL of Chromium's own logo (not `opts.icon`);
 * - `actions`: the buttons (at most 2) keyed by their INDEX ('0', '1') with `title` as label
 *   (never by `opts.actions[i].action`: use {@link buttonKey}), then `default`/"Activate" and
 *   `settings`/"Settings";
 * - `hints`: `desktop-entry` ("chromium"), `urgency` (1, or 2 with `requireInteraction`),
 *   `suppress-sound` (true with `silent`), and `image-path` + `image_path` (a temp PNG copy of
 *   `opts.icon`) when there is an icon. `opts.image`, `badge` and `data` are not sent.
 * Re-showing with the same `tag` reuses the id (replaces_id) and is recorded again.
 */
export interface ShownNotification {
  id: number;
  appName: string;
  summary: string;
  body: string;
  icon: string;
  actions: { key: string; label: string }[];
  hints: Record<string, unknown>;
  closed: boolean;
}

/** The D-Bus action key Chromium gave the button titled `title` (its index, e.g. '0'). */
export function buttonKey(n: ShownNotification, title: string): string {
  const key = n.actions.find((a) => a.label === title && a.key !== 'default' && a.key !== 'settings')?.key;
  if (key === undefined) throw new Error(`notification #${n.id} has no button titled ${JSON.stringify(title)}`);
  return key;
}

/** A running private bus with the fake notification server on it. */
export interface NotifyDaemon {
  /** DBUS_SESSION_BUS_ADDRESS to give Chromium. */
  address: string;
  /** Every Notify call, in order. */
  notifications: ShownNotification[];
  /** Resolves with the first (past or future) notification matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred?: (n: ShownNotification) => boolean, timeoutMs?: number): Promise<ShownNotification>;
  /** Emits ActionInvoked(id, actionKey ?? 'default'): a trusted `notificationclick` (keys: see ShownNotification). */
  click(id: number, actionKey?: string): void;
  /** Emits NotificationClosed(id, 2) (dismissed by the user) and marks it closed. */
  dismiss(id: number): void;
  /** Disconnects and kills dbus-daemon. */
  stop(): Promise<void>;
}

type Hints = Record<string, dbus.Variant>;

/** The D-Bus object; its methods are called by dbus-next with unmarshalled arguments. */
class NotificationsInterface extends dbus.interface.Interface {
  nextId = 1;
  constructor(
    private readonly onNotify: (n: ShownNotification) => void,
    private readonly onClose: (id: number) => void,
  ) {
    super(BUS_NAME);
  }

  GetCapabilities(): string[] {
    // No 'body-markup' / 'body-hyperlinks' / 'body-images': Chromium then sends plain text.
    return ['actions', 'body'];
  }

  Notify(appName: string, replacesId: number, icon: string, summary: string, body: string,
    actions: string[], hints: Hints, _timeout: number): number {
    const id = replacesId > 0 ? replacesId : this.nextId++;
    const pairs: { key: string; label: string }[] = [];
    for (let i = 0; i + 1 < actions.length; i += 2) pairs.push({ key: actions[i], label: actions[i + 1] });
    const plain: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(hints)) plain[k] = v instanceof dbus.Variant ? v.value : v;
    this.onNotify({ id, appName, summary, body, icon, actions: pairs, hints: plain, closed: false });
    return id;
  }

  CloseNotification(id: number): void {
    this.onClose(id);
    this.NotificationClosed(id, 3);
  }

  GetServerInformation(): string[] {
    return ['e2e-notify-daemon', 'contlo-e2e', '1.0', '1.2'];
  }

  // Signals: dbus-next emits whatever these return.
  ActionInvoked(id: number, actionKey: string): [number, string] {
    return [id, actionKey];
  }

  NotificationClosed(id: number, reason: number): [number, number] {
    return [id, reason];
  }
}

NotificationsInterface.configureMembers({
  methods: {
    GetCapabilities: { outSignature: 'as' },
    Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
    CloseNotification: { inSignature: 'u' },
    GetServerInformation: { outSignature: 'ssss' },
  },
  signals: {
    ActionInvoked: { signature: 'us' },
    NotificationClosed: { signature: 'uu' },
  },
});

/** A session bus config with no activatable services, so nothing else answers on it. */
function busConfig(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Starts dbus-daemon and resolves with the address it printed. */
function spawnBus(configPath: string): Promise<{ proc: ChildProcess; address: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn('/usr/bin/dbus-daemon', [`--config-file=${configPath}`, '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('dbus-daemon did not print an address within 5s')), 5000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${e.message}${err ? `\n${err}` : ''}`));
    };
    proc.on('error', fail);
    proc.on('exit', (code) => fail(new Error(`dbus-daemon exited early (code ${code})`)));
    proc.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      resolve({ proc, address: out.slice(0, nl).trim() });
    });
  });
}

/** Starts a private session bus with a fake notification server on it. */
export async function startNotifyDaemon(): Promise<NotifyDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'notify-bus-'));
  const configPath = join(dir, 'bus.conf');
  writeFileSync(configPath, busConfig(join(dir, 'bus')));
  const { proc, address } = await spawnBus(configPath);

  const notifications: ShownNotification[] = [];
  const waiters: { pred: (n: ShownNotification) => boolean; resolve: (n: ShownNotification) => void }[] = [];
  const markClosed = (id: number): void => {
    for (const n of notifications) if (n.id === id) n.closed = true;
  };
  const iface = new NotificationsInterface((n) => {
    notifications.push(n);
    for (const w of [...waiters]) {
      if (!w.pred(n)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(n);
    }
  }, markClosed);

  const bus = dbus.sessionBus({ busAddress: address });
  bus.on('error', () => { /* the bus going away at stop() is expected */ });
  try {
    bus.export(OBJECT_PATH, iface);
    const reply = await bus.requestName(BUS_NAME, dbus.NameFlag.DO_NOT_QUEUE);
    if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) throw new Error(`could not own ${BUS_NAME} (reply ${reply})`);
  } catch (e) {
    bus.disconnect();
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  return {
    address,
    notifications,
    waitFor(pred = () => true, timeoutMs = 10_000) {
      const seen = notifications.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const got = notifications.map((n) => `#${n.id} ${JSON.stringify(n.summary)}`).join(', ') || 'none';
          reject(new Error(`no matching notification within ${timeoutMs}ms (shown: ${got})`));
        }, timeoutMs);
        const waiter = { pred, resolve: (n: ShownNotification) => { clearTimeout(timer); resolve(n); } };
        waiters.push(waiter);
      });
    },
    click(id, actionKey) {
      iface.ActionInvoked(id, actionKey ?? 'default');
    },
    dismiss(id) {
      markClosed(id);
      iface.NotificationClosed(id, 2);
    },
    async stop() {
      bus.disconnect();
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
