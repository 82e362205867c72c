import type { NatsConnection } from '@nats-io/transport-node';
import type { Presence } from '../domain/presence';

/** Settings of the presence exchange. */
export interface NatsPresenceOptions {
  /** The plain NATS subject every node of the service uses for presence. */
  subject: string;
  /** This process. */
  nodeId: string;
  /** How often each node sends its whole list; a node silent for three intervals is forgotten. */
  intervalMs: number;
  onError: (error: unknown) => void;
}

/** What a node says: hello (send me your lists), its whole list (in parts), a change, bye. */
type PresenceMessage =
  | { node: string; kind: 'hello' }
  | { node: string; kind: 'list'; epoch: number; part: number; parts: number; identities: string[] }
  | { node: string; kind: 'change'; online: string[]; offline: string[] }
  | { node: string; kind: 'bye' };

/** Identities in one list message: keeps it far under NATS's payload limit. */
const LIST_PART = 5000;

/**
 * Shares reachability between the nodes of a cluster over plain NATS. Each node announces the
 * identities that come online or go offline on it (at most one message per tick), its whole
 * list every `intervalMs` (which repairs a lost change) and when a node says hello, and bye
 * when it stops. A node not heard from for three intervals — it died — is forgotten, so its
 * users go offline everywhere. Every node then tells its own sessions of each change it sees.
 */
export async function startNatsPresence(
  nc: NatsConnection,
  presence: Presence,
  options: NatsPresenceOptions
): Promise<{ stop(): Promise<void> }> {
  const { subject, nodeId } = options;
  const heard = new Map<string, number>();
  const assembling = new Map<string, { epoch: number; identities: string[]; parts: Set<number> }>();
  let epoch = 0;
  let stopped = false;

  const send = (message: PresenceMessage) => {
    if (!nc.isClosed() && !nc.isDraining()) nc.publish(subject, JSON.stringify(message));
  };

  const sendList = () => {
    const identities = presence.localIdentities();
    const parts = Math.max(1, Math.ceil(identities.length / LIST_PART));
    epoch++;
    for (let part = 0; part < parts; part++) {
      send({
        node: nodeId,
        kind: 'list',
        epoch,
        part,
        parts,
        identities: identities.slice(part * LIST_PART, (part + 1) * LIST_PART)
      });
    }
  };

  let changes: { online: Set<string>; offline: Set<string> } | null = null;
  const stopListening = presence.onLocalChange((identity, online) => {
    if (!changes) {
      changes = { online: new Set(), offline: new Set() };
      setImmediate(() => {
        const pending = changes;
        changes = null;
        if (pending && !stopped)
          send({ node: nodeId, kind: 'change', online: [...pending.online], offline: [...pending.offline] });
      });
    }
    (online ? changes.offline : changes.online).delete(identity);
    (online ? changes.online : changes.offline).add(identity);
  });

  const receive = (message: PresenceMessage) => {
    if (message.node === nodeId || stopped) return;
    heard.set(message.node, Date.now());
    switch (message.kind) {
      case 'hello':
        return sendList();
      case 'change':
        return presence.changeRemote(message.node, message.online, message.offline);
      case 'bye':
        heard.delete(message.node);
        assembling.delete(message.node);
        return presence.dropRemote(message.node);
      case 'list': {
        let list = assembling.get(message.node);
        if (!list || list.epoch !== message.epoch)
          assembling.set(message.node, (list = { epoch: message.epoch, identities: [], parts: new Set() }));
        list.identities.push(...message.identities);
        list.parts.add(message.part);
        if (list.parts.size === message.parts) {
          assembling.delete(message.node);
          presence.setRemote(message.node, list.identities);
        }
      }
    }
  };

  const subscription = nc.subscribe(subject, {
    callback: (error, msg) => {
      if (error) return options.onError(error);
      try {
        receive(JSON.parse(msg.string()) as PresenceMessage);
      } catch (failure) {
        options.onError(failure);
      }
    }
  });

  const timer = setInterval(() => {
    sendList();
    const silentSince = Date.now() - 3 * options.intervalMs;
    for (const [node, at] of heard) {
      if (at < silentSince) {
        heard.delete(node);
        assembling.delete(node);
        presence.dropRemote(node);
      }
    }
  }, options.intervalMs);
  timer.unref();

  await nc.flush();
  send({ node: nodeId, kind: 'hello' });
  sendList();

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stopListening();
      send({ node: nodeId, kind: 'bye' });
      subscription.unsubscribe();
      await nc.flush().catch(() => undefined);
    }
  };
}
