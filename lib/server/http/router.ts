import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, MEDIA_UPLOAD_PATH, wireError } from '../../protocol';
import type { TokenService } from '../auth/tokens';
import type { DomainContext } from '../domain/context';
import type { Logger } from '../options';
import { adminTemplates } from './admin-templates';
import { adminTokens } from './admin-tokens';
import { type HealthSource, health } from './health';
import { serveMediaContent } from './media-content';
import { uploadMedia } from './media-upload';
import { sendJson, sendPreflight } from './respond';

/** What the HTTP routes need. */
export interface RouterDeps {
  health: HealthSource;
  tokens: TokenService;
  adminKey: string | undefined;
  maxTokenTtlSeconds: number;
  logger: Logger;
  ctx: DomainContext;
  maxMediaBytes: number;
  mediaContentTypes: readonly string[];
}

const MEDIA_CONTENT = /^\/v1\/media\/([A-Za-z0-9]{1,64})\/content$/;
const TEMPLATE = /^\/v1\/admin\/templates(?:\/([A-Za-z0-9]{1,64}))?$/;

/**
 * The HTTP endpoints: `GET /health`; `POST /v1/media` (upload) and `GET /v1/media/<sid>/content`
 * (temporary URLs), both open to other origins (CORS); and, when an admin key is set,
 * `POST /v1/admin/tokens` and `/v1/admin/templates`.
 */
export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = async () => {
      if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(res, deps.health);
      if (path === MEDIA_UPLOAD_PATH) {
        if (req.method === 'OPTIONS') return sendPreflight(res, 'POST');
        if (req.method === 'POST') return uploadMedia(req, res, deps);
        return sendJson(res, 405, { error: wireError(ErrorCode.BadRequest, 'Use POST') });
      }
      const content = MEDIA_CONTENT.exec(path);
      if (content) {
        if (req.method === 'OPTIONS') return sendPreflight(res, 'GET, HEAD');
        if (req.method === 'GET' || req.method === 'HEAD') return serveMediaContent(req, res, deps.ctx, content[1]);
        return sendJson(res, 405, { error: wireError(ErrorCode.BadRequest, 'Use GET') });
      }
      if (path === '/v1/admin/tokens' && deps.adminKey !== undefined) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: wireError(ErrorCode.BadRequest, 'Use POST') });
        return adminTokens(req, res, deps.adminKey, deps.tokens, deps.maxTokenTtlSeconds);
      }
      const template = TEMPLATE.exec(path);
      if (template && deps.adminKey !== undefined) return adminTemplates(req, res, deps.ctx, deps.adminKey, template[1] ?? null);
      sendJson(res, 404, { error: wireError(ErrorCode.NotFound, 'Not found') });
    };
    route().catch((error) => {
      deps.logger.error('an HTTP request failed', error);
      if (!res.headersSent) sendJson(res, 500, { error: wireError(ErrorCode.Internal, 'Internal error') });
      else res.destroy();
    });
  };
}
