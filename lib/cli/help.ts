/** The text of `rx-conversations --help`. */
export const HELP = `rx-conversations — a self-hostable Conversations server

Usage:
  rx-conversations serve [options]     run the server
  rx-conversations token --identity <id> [options]
                                        print an access token
  rx-conversations demo [options]      the live dashboard: the server, simulated people
                                        and a web page (what npm start runs)
  rx-conversations keys create --name <name> --scopes read,write,admin
                                        create an API key for the REST API (its secret
                                        is printed once)
  rx-conversations keys list            list the API keys (never their secrets)
  rx-conversations keys revoke --sid <SK...>
                                        revoke an API key (in effect within a second)
  rx-conversations --help               show this text

serve options (flag, then environment variable):
  --port <n>            RXC_PORT or PORT       port to listen on (default 8080; 0 = any free port)
  --host <addr>         RXC_HOST               interface to listen on (default 127.0.0.1)
  --database <path>     RXC_DATABASE           SQLite file, :memory:, or a postgres:// URL
                                               (default ./.data/rx-conversations.db)
  --secret <text>       RXC_SECRET             token signing secret, at least 16 bytes
                                               (default: generated on first start and kept
                                               in <database>.secret, mode 0600)
  --public-url <url>    RXC_PUBLIC_URL         WebSocket URL that tokens carry (behind a proxy);
                                               its host serves the HTTP endpoints too
  --token-audience <text>                      the audience (aud) its tokens carry and must
                        RXC_TOKEN_AUDIENCE     carry (default rx-conversations)
  --admin-key <key>     RXC_ADMIN_KEY          a bearer key with every scope of the REST API
                                               (as a key from \`keys create\` with read,write,admin)
  --no-reachability     RXC_REACHABILITY=false do not track who is online
  --push-url <url>      RXC_PUSH_URL           POST push notifications (JSON) to this URL
  --media-dir <path>    RXC_MEDIA_DIR          media files (default <database>-media)
  --max-media-bytes <n> RXC_MAX_MEDIA_BYTES    largest media upload (default 16777216)
  --bus <url>           RXC_BUS                local (default), or nats://host:4222: the
                                               NATS JetStream bus of a cluster (with a
                                               postgres:// database, a shared --secret and
                                               --media-dir; see docs/scaling.md)
  --bus-prefix <name>   RXC_BUS_PREFIX         the cluster's NATS subjects and stream (default rxc)
  --frames-per-second <n>                      frames a second one connection may send,
                        RXC_FRAMES_PER_SECOND  sustained (default 300; 0 = no limit)
  --identity-requests-per-second <n>           requests a second one user may send over all
                        RXC_IDENTITY_REQUESTS_PER_SECOND  its connections (default 600; 0 = no limit)
  --api-key-requests-per-second <n>            REST requests a second one API key may make
                        RXC_API_KEY_REQUESTS_PER_SECOND  (default 600; 0 = no limit)
  --database-pool-size <n>                     connections to a postgres:// database
                        RXC_DATABASE_POOL_SIZE (default 10)
  --presence-interval-ms <n>                   how often a cluster node renews who is online
                        RXC_PRESENCE_INTERVAL_MS (default 5000)
  --webhook-timeout-ms <n>                     how long a webhook receiver has to answer
                        RXC_WEBHOOK_TIMEOUT_MS (default 10000)
  --webhook-retry-base-ms <n>                  the first retry delay of a failed webhook call;
                        RXC_WEBHOOK_RETRY_BASE_MS  it doubles, up to 5 minutes (default 1000)
  --webhook-lease-ms <n>                       how long a process holds the webhook calls it
                        RXC_WEBHOOK_LEASE_MS   took (a dead one's are taken after it; default 60000)

demo options:
  --port <n>            RXC_PORT or PORT       port of the dashboard page (default 8080)
  --server-port <n>                            port of its Conversations server (default: --port + 1)
  --host <addr>         RXC_HOST               interface of both (default 127.0.0.1)
  --database <path>     RXC_DATABASE           SQLite file (default ./.data/demo.db)

token options:
  --identity <id>                              the user (required)
  --ttl <seconds>       (default 3600, at most 86400)
  --database <path>     RXC_DATABASE           read the secret from <database>.secret
  --secret <text>       RXC_SECRET             or give it
  --url <url>           RXC_PUBLIC_URL         the server's WebSocket URL carried in the token
                                               (default: the URL of the server that last ran
                                               on --database, kept in <database>.server.json;
                                               else ws://127.0.0.1:<port>/v1/ws)
  --port <n>            RXC_PORT or PORT       port of that last default URL
  --token-audience <text>                      the token's audience (default: as kept in
                        RXC_TOKEN_AUDIENCE     <database>.server.json, else rx-conversations)

keys options:
  --database <path>     RXC_DATABASE           the server's database (SQLite file or postgres:// URL)
  --name <name>                                create: what the key is for
  --scopes <list>                              create: read, write, admin, comma-separated
  --sid <SK...>                                revoke: the key

The server stops cleanly on SIGTERM or SIGINT: sessions are closed with 1001
(going away), in-flight writes finish, the database is closed.
`;
