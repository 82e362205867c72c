import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { Logger } from '../options';
import { adminTokens } from './admin-tokens';
import { type HealthSource, health } from './health';
import { sendJson } from './respond';

/** What the HTTP routes need. */
export interface RouterDeps {
  health: HealthSource;
  tokens: TokenService;
  adminKey: string | undefined;
  maxTokenTtlSeconds: number;
  logger: Logger;
}

/** The HTTP endpoints: `GET /health`, and `POST /v1/admin/tokens` when an admin key is set. */
export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = async () => {
      if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(res, deps.health);
      if (path === '/v1/admin/tokens' && deps.adminKey !== undefined) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: wireError(ErrorCode.BadRequest, 'Use POST') });
        return adminTokens(req, res, deps.adminKey, deps.tokens, deps.maxTokenTtlSeconds);
      }
      sendJson(res, 404, { error: wireError(ErrorCode.NotFound, 'Not found') });
    };
    route().catch((error) => {
      deps.logger.error('an HTTP request failed', error);
      if (!res.headersSent) sendJson(res, 500, { error: wireError(ErrorCode.Internal, 'Internal error') });
      else res.destroy();
    });
  };
}
