import type { ServerResponse } from 'node:http';
import { PROTOCOL_VERSION } from '../../protocol';
import { sendJson } from './respond';

/** What `/health` reports. */
export interface HealthSource {
  sessions(): number;
  startedAt: number;
  closing(): boolean;
}

/** `GET /health`: 200 `{status: 'ok'}` while serving, 503 `{status: 'closing'}` during shutdown. */
export function health(res: ServerResponse, source: HealthSource): void {
  const closing = source.closing();
  sendJson(res, closing ? 503 : 200, {
    status: closing ? 'closing' : 'ok',
    protocol: PROTOCOL_VERSION,
    sessions: source.sessions(),
    uptimeMs: Date.now() - source.startedAt
  });
}
