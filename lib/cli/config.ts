import { parseArgs } from 'node:util';

/** Default SQLite file of the command line server. */
export const DEFAULT_DATABASE = './.data/rx-conversations.db';
/** Default port of the command line server. */
export const DEFAULT_PORT = 8080;

/** The command line, parsed: flags win over environment variables. */
export interface CliConfig {
  command: 'serve' | 'token' | 'help';
  port: number;
  host: string;
  database: string;
  secret: string | undefined;
  publicUrl: string | undefined;
  adminKey: string | undefined;
  reachabilityEnabled: boolean;
  identity: string | undefined;
  ttlSeconds: number;
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got '${value}'`);
  return n;
}

/** Parses arguments (without `node` and the script) and the environment. Throws on bad input. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      database: { type: 'string' },
      secret: { type: 'string' },
      'public-url': { type: 'string' },
      url: { type: 'string' },
      'admin-key': { type: 'string' },
      'no-reachability': { type: 'boolean' },
      identity: { type: 'string' },
      ttl: { type: 'string' }
    }
  });
  const name = positionals[0];
  if (positionals.length > 1) throw new Error(`unexpected argument '${positionals[1]}'`);
  if (name !== undefined && name !== 'serve' && name !== 'token' && name !== 'help') throw new Error(`unknown command '${name}'`);
  const command = values.help || name === undefined ? 'help' : name;
  return {
    command,
    port: integer(values.port ?? env.RXC_PORT ?? env.PORT, 'port', DEFAULT_PORT),
    host: values.host ?? env.RXC_HOST ?? '127.0.0.1',
    database: values.database ?? env.RXC_DATABASE ?? DEFAULT_DATABASE,
    secret: values.secret ?? env.RXC_SECRET,
    publicUrl: values['public-url'] ?? values.url ?? env.RXC_PUBLIC_URL,
    adminKey: values['admin-key'] ?? env.RXC_ADMIN_KEY,
    reachabilityEnabled: !(values['no-reachability'] || env.RXC_REACHABILITY === 'false'),
    identity: values.identity,
    ttlSeconds: integer(values.ttl, 'ttl', 3600)
  };
}
