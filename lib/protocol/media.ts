/**
 * The media endpoints over HTTP (docs/protocol.md, "Media"). Uploads answer the `MediaData`
 * of the new media; temporary content URLs come from the `getMediaUrls` command.
 */

/** `POST` raw bytes here with `Authorization: Bearer <access token>` and a `Content-Type`. */
export const MEDIA_UPLOAD_PATH = '/v1/media';

/** The request header that names an upload's file (URI-encoded); `?filename=` works too. */
export const MEDIA_FILENAME_HEADER = 'x-media-filename';

/** Path of a media's content: `GET` it with the `expires` and `signature` of a temporary URL. */
export function mediaContentPath(sid: string): string {
  return `${MEDIA_UPLOAD_PATH}/${encodeURIComponent(sid)}/content`;
}

/** Longest filename kept, in characters. */
export const MAX_MEDIA_FILENAME_LENGTH = 256;
