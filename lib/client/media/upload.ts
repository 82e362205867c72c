import { ErrorCode, MEDIA_FILENAME_HEADER, MEDIA_UPLOAD_PATH, MediaData, WireError, decode } from '../../protocol';
import { ConversationsError, badArgument } from '../errors';
import type { SendMediaOptions } from '../types';

/** One file ready to upload: bytes (or a Blob), its type and name. */
export interface MediaPayload {
  contentType: string;
  filename: string | null;
  body: Blob | Uint8Array | ArrayBuffer | string;
}

/**
 * Reads what the reference accepts as media: `SendMediaOptions` (non-empty `contentType`, and
 * `media` a non-empty string, Uint8Array, ArrayBuffer or Blob) or a `FormData` whose first file
 * is taken. Throws `BadRequest` otherwise.
 */
export function mediaPayload(method: string, payload: unknown): MediaPayload {
  if (typeof FormData !== 'undefined' && payload instanceof FormData) {
    let file: MediaPayload | null = null;
    payload.forEach((value) => {
      if (file !== null || typeof value === 'string') return;
      const name = 'name' in value && typeof value.name === 'string' && value.name !== '' ? value.name : null;
      file = { contentType: value.type || 'application/octet-stream', filename: name, body: value };
    });
    if (file === null) throw badArgument(method, 'media', 'a FormData with a file', payload);
    return file;
  }
  if (typeof payload !== 'object' || payload === null)
    throw badArgument(method, 'media', 'SendMediaOptions or FormData', payload);
  const options = payload as SendMediaOptions;
  if (typeof options.contentType !== 'string' || options.contentType === '') {
    throw badArgument(method, 'contentType', 'a non-empty string', options.contentType);
  }
  const media = options.media;
  const size =
    typeof media === 'string'
      ? media.length
      : media instanceof Uint8Array || media instanceof ArrayBuffer
        ? media.byteLength
        : typeof Blob !== 'undefined' && media instanceof Blob
          ? media.size
          : -1;
  if (size <= 0) throw badArgument(method, 'media', 'a non-empty string, Uint8Array, ArrayBuffer or Blob', media);
  if (options.filename !== undefined && typeof options.filename !== 'string')
    throw badArgument(method, 'filename', 'a string', options.filename);
  return { contentType: options.contentType, filename: options.filename ?? null, body: media as MediaPayload['body'] };
}

/**
 * Uploads one file to the server's `POST /v1/media` with `fetch` (browsers and Node 20 alike);
 * answers the new media. Errors carry the server's code (`TooLarge`, `UnsupportedMediaType`...);
 * an abort rejects with `Cancelled`.
 */
export async function uploadMedia(
  httpUrl: string,
  token: string,
  payload: MediaPayload,
  signal: AbortSignal
): Promise<MediaData> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': payload.contentType };
  if (payload.filename !== null) headers[MEDIA_FILENAME_HEADER] = encodeURIComponent(payload.filename);
  let response: Response;
  try {
    response = await globalThis.fetch(`${httpUrl}${MEDIA_UPLOAD_PATH}`, {
      method: 'POST',
      headers,
      body: payload.body as BodyInit,
      signal
    });
  } catch (error) {
    if (signal.aborted) throw new ConversationsError(ErrorCode.Cancelled, 'Cancelled');
    throw new ConversationsError(
      ErrorCode.Unavailable,
      `The media upload failed: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const wire = decode(WireError, (body as { error?: unknown } | null)?.error);
    if (wire.ok) throw ConversationsError.fromWire(wire.value);
    throw new ConversationsError(ErrorCode.Internal, `The media upload answered ${response.status}`, {
      status: response.status
    });
  }
  const media = decode(MediaData, body);
  if (!media.ok)
    throw new ConversationsError(ErrorCode.Internal, `The media upload answered a malformed body: ${media.message}`);
  return media.value;
}
