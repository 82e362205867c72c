import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, wireError } from '../../protocol';
import type { DomainContext } from '../domain/context';
import { DomainError } from '../domain/errors';
import { MAX_TEMPLATE_VARIANTS_BYTES, TemplateInput, createTemplate, deleteTemplate, getTemplate, listTemplates } from '../domain/templates';
import { hasAdminKey } from './admin-auth';
import { readJson, sendJson } from './respond';

async function createFrom(req: IncomingMessage, res: ServerResponse, ctx: DomainContext): Promise<void> {
  const input = await readJson(req, res, TemplateInput, MAX_TEMPLATE_VARIANTS_BYTES + 16 * 1024);
  if (input === undefined) return;
  sendJson(res, 201, await createTemplate(ctx, input));
}

/**
 * The content template admin API, guarded by `Authorization: Bearer <adminKey>`:
 * `POST /v1/admin/templates` `{friendlyName, variables?, variants}` → 201 the template;
 * `GET /v1/admin/templates` → `{items}`; `GET` / `DELETE /v1/admin/templates/<sid>` → the
 * template / 204. 401 without the key, 400 on a bad template, 404 for an unknown sid.
 */
export async function adminTemplates(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: DomainContext,
  adminKey: string,
  sid: string | null
): Promise<void> {
  if (!hasAdminKey(req, adminKey)) {
    return sendJson(res, 401, { error: wireError(ErrorCode.TokenInvalid, 'A valid admin key is required') });
  }
  try {
    if (sid === null && req.method === 'POST') return await createFrom(req, res, ctx);
    if (sid === null && req.method === 'GET') return sendJson(res, 200, await listTemplates(ctx));
    if (sid !== null && req.method === 'GET') return sendJson(res, 200, await getTemplate(ctx, sid));
    if (sid !== null && req.method === 'DELETE') {
      await deleteTemplate(ctx, sid);
      res.writeHead(204);
      res.end();
      return;
    }
    sendJson(res, 405, { error: wireError(ErrorCode.BadRequest, sid === null ? 'Use GET or POST' : 'Use GET or DELETE') });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    sendJson(res, error.toWire().status, { error: error.toWire() });
  }
}
