import { Client } from '../../../lib/client';
import { type Cluster, startCluster } from './cluster';
import { type SeqLog, seqRecordingWebSocket } from './seq-recorder';

/** Fast failover between nodes, long request timeouts, a window that holds every message. */
const OPTIONS = {
  reconnect: { minDelayMs: 50, maxDelayMs: 400, jitter: 0.5 },
  requestTimeoutMs: 90000,
  messageCacheSize: 5000
};

/** A spec file's three-node cluster and the clients it made on it. */
export interface ClusterClients {
  /** The cluster (started before the file's tests). */
  readonly cluster: Cluster;
  /**
   * A client that tries node `first` first, then the others in turn (only node `first` when
   * `only`), and the seqs it receives; shut down after the file's tests.
   */
  readonly clientOn: (identity: string, first: number, only?: boolean) => Promise<{ client: Client; log: SeqLog }>;
}

/** Starts a three-node cluster before the file's tests, and closes it and its clients after them. */
export function clusterClients(): ClusterClients {
  let cluster: Cluster | undefined;
  const clients: Client[] = [];
  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 120000);
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    await cluster?.close();
  });
  const started = (): Cluster => {
    if (!cluster) throw new Error('the cluster is started before the tests');
    return cluster;
  };
  return {
    get cluster() {
      return started();
    },
    clientOn: async (identity, first, only = false) => {
      const urls = started().nodes.map((node) => node.url);
      const recording = seqRecordingWebSocket();
      const client = await Client.create(await started().token(identity), {
        ...OPTIONS,
        url: only ? [urls[first]] : [...urls.slice(first), ...urls.slice(0, first)],
        WebSocket: recording.WebSocket
      });
      clients.push(client);
      return { client, log: recording.log };
    }
  };
}
