import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createTokenService } from '../../../lib/server/auth/tokens';
import { type CliProcess, runCli } from '../../server/helpers/cli';
import { NATS_URL, type TestDatabase, createTestDatabase, deleteNatsStream } from './services';

/** One `rx-conversations serve` process of the cluster. */
export interface ClusterNode {
  readonly cli: CliProcess;
  readonly url: string;
  readonly httpUrl: string;
}

/** Server processes sharing one fresh PostgreSQL database and one fresh NATS prefix. */
export interface Cluster {
  readonly nodes: ClusterNode[];
  readonly database: TestDatabase;
  readonly prefix: string;
  readonly secret: string;
  /** A token every node accepts. */
  token(identity: string): Promise<string>;
  /** Starts one more node. */
  addNode(): Promise<ClusterNode>;
  /** Stops every node (SIGKILL), drops the database, deletes the NATS stream. */
  close(): Promise<void>;
}

/** Fails loudly when NATS (with JetStream) cannot be reached: the cluster suite never skips. */
async function checkNats(): Promise<void> {
  let nc;
  try {
    nc = await connect({ servers: NATS_URL, timeout: 3000 });
  } catch (error) {
    throw new Error(`NATS is not reachable at ${NATS_URL} (set RXC_TEST_NATS_URL): ${String(error)}`, {
      cause: error
    });
  }
  try {
    await (await jetstreamManager(nc)).getAccountInfo();
  } catch (error) {
    throw new Error(`NATS at ${NATS_URL} has no JetStream (start nats-server with -js): ${String(error)}`, {
      cause: error
    });
  } finally {
    await nc.close();
  }
}

/**
 * Starts `count` server processes (`rx-conversations serve --port 0`, from source) against a
 * database created for this cluster and a NATS prefix of its own. `env` reaches every process.
 */
export async function startCluster(count: number, env: NodeJS.ProcessEnv = {}): Promise<Cluster> {
  await checkNats();
  const database = await createTestDatabase();
  const prefix = `rxc_test_${randomBytes(4).toString('hex')}`;
  const secret = `cluster-secret-${randomBytes(12).toString('hex')}`;
  const media = mkdtempSync(join(tmpdir(), 'rxc-cluster-media-'));
  const nodes: ClusterNode[] = [];
  const service = createTokenService({
    secret: new TextEncoder().encode(secret),
    url: () => nodes[0]?.url ?? 'ws://127.0.0.1/v1/ws',
    defaultTtlSeconds: 3600,
    maxTtlSeconds: 86400
  });

  const addNode = async (): Promise<ClusterNode> => {
    const cli = runCli(
      [
        'serve',
        '--port',
        '0',
        '--database',
        database.url,
        '--bus',
        NATS_URL,
        '--bus-prefix',
        prefix,
        '--secret',
        secret,
        '--media-dir',
        media
      ],
      env
    );
    const [, url] = await cli.waitFor(/listening on (ws:\/\/\S+)/, 60000);
    const [, httpUrl] = await cli.waitFor(/HTTP endpoints at (http:\/\/\S+)/, 60000);
    const node = { cli, url, httpUrl };
    nodes.push(node);
    return node;
  };

  try {
    // the first one migrates the fresh database; the others start together
    await addNode();
    await Promise.all(Array.from({ length: count - 1 }, addNode));
  } catch (error) {
    for (const node of nodes) node.cli.child.kill('SIGKILL');
    await database.drop();
    throw error;
  }

  return {
    nodes,
    database,
    prefix,
    secret,
    token: (identity) => service.issue(identity),
    addNode,
    async close() {
      for (const node of nodes) node.cli.child.kill('SIGKILL');
      await Promise.all(nodes.map((node) => node.cli.exited));
      await database.drop();
      await deleteNatsStream(prefix);
      rmSync(media, { recursive: true, force: true });
    }
  };
}
