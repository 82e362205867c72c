import {
  type CommandArgs,
  type CommandResult,
  ErrorCode,
  LIMITS,
  type MediaData,
  mediaContentPath
} from '../../protocol';
import type { MediaRecord } from '../storage/records';
import type { Reader, Tx } from '../storage/storage';
import { type DomainContext, read } from './context';
import { DomainError } from './errors';
import { SidPrefix, newSid } from './sids';

/** The wire form of a stored media. */
export function mediaData(record: MediaRecord): MediaData {
  return {
    sid: record.sid,
    filename: record.filename,
    contentType: record.contentType,
    size: record.size,
    category: record.category
  };
}

/** A new upload: the bytes are stored first, then the record; if the record fails, the bytes go. */
export async function createMedia(
  ctx: DomainContext,
  identity: string,
  upload: { filename: string | null; contentType: string; bytes: Uint8Array }
): Promise<MediaData> {
  const record: MediaRecord = {
    sid: newSid(SidPrefix.Media),
    identity,
    filename: upload.filename,
    contentType: upload.contentType,
    size: upload.bytes.byteLength,
    category: 'media',
    conversationSid: null,
    messageSid: null,
    dateCreated: ctx.now()
  };
  await ctx.media.store.put(record.sid, upload.bytes);
  try {
    await ctx.storage.transaction((tx) => tx.insertMedia(record));
  } catch (error) {
    await ctx.media.store.delete(record.sid).catch(() => undefined);
    throw error;
  }
  return mediaData(record);
}

/**
 * Whether `identity` may see a media: its uploader before it is attached, and afterwards the
 * participants of its message's conversation.
 */
async function canSeeMedia(reader: Reader, identity: string, media: MediaRecord): Promise<boolean> {
  if (media.conversationSid === null) return media.identity === identity;
  return (await reader.getParticipant(media.conversationSid, identity)) !== null;
}

/**
 * Temporary URLs for media, in one request. Any sid the caller may not see (missing, another
 * conversation's, someone else's upload) fails the whole request with the same `NotFound`.
 */
export function getMediaUrls(
  ctx: DomainContext,
  identity: string,
  args: CommandArgs<'getMediaUrls'>
): Promise<CommandResult<'getMediaUrls'>> {
  return read(ctx, async (reader) => {
    const expiresAt = ctx.now() + ctx.media.urlTtlMs;
    const urls: Record<string, string> = {};
    for (const [i, sid] of args.mediaSids.entries()) {
      const media = await reader.getMedia(sid);
      if (!media || !(await canSeeMedia(reader, identity, media))) {
        throw new DomainError(ErrorCode.NotFound, 'Media not found', `args.mediaSids.${i}`);
      }
      urls[sid] = `${ctx.media.baseUrl()}${mediaContentPath(sid)}?${ctx.media.signer.sign(sid, expiresAt)}`;
    }
    return { urls, expiresAt };
  });
}

/**
 * Attaches the caller's uploads to a new message, in order. Refused: more than
 * `LIMITS.maxMediaPerMessage`, a repeated sid (`BadRequest`), a sid that is not the caller's
 * unattached upload (`NotFound`, the same for every reason).
 */
export async function attachMedia(
  tx: Tx,
  identity: string,
  sids: readonly string[],
  conversationSid: string,
  messageSid: string
): Promise<MediaData[]> {
  if (sids.length > LIMITS.maxMediaPerMessage) {
    throw new DomainError(
      ErrorCode.LimitExceeded,
      `At most ${LIMITS.maxMediaPerMessage} media per message`,
      'args.mediaSids'
    );
  }
  if (new Set(sids).size !== sids.length)
    throw new DomainError(ErrorCode.BadRequest, 'A media sid is repeated', 'args.mediaSids');
  const attached: MediaData[] = [];
  for (const [i, sid] of sids.entries()) {
    const media = await tx.getMedia(sid);
    if (!media || media.identity !== identity || media.messageSid !== null) {
      throw new DomainError(ErrorCode.NotFound, 'Media not found among your unattached uploads', `args.mediaSids.${i}`);
    }
    attached.push(mediaData(media));
  }
  await tx.attachMedia(sids, conversationSid, messageSid);
  return attached;
}

/** Deletes the bytes of media whose records a committed transaction removed; failures are logged. */
export async function discardMediaBytes(ctx: DomainContext, removed: readonly MediaRecord[]): Promise<void> {
  for (const media of removed) {
    await ctx.media.store
      .delete(media.sid)
      .catch((error) => ctx.logger.error(`deleting the bytes of media ${media.sid} failed`, error));
  }
}

/** Deletes uploads never attached to a message and older than `before` (ms since the epoch). */
export async function pruneUnattachedMedia(ctx: DomainContext, before: number): Promise<number> {
  const removed = await ctx.storage.transaction((tx) => tx.deleteMedia({ unattachedBefore: before }));
  await discardMediaBytes(ctx, removed);
  return removed.length;
}
