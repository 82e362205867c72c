import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { MediaStore } from './media-store';

/** Keys are sids: letters and digits only, so a key can never name a path outside the directory. */
const SAFE_KEY = /^[A-Za-z0-9]{1,64}$/;

function checkKey(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`invalid media key '${key}'`);
  return key;
}

/**
 * A {@link MediaStore} over a directory: one file per key, written to a temporary name and
 * renamed, so a reader never sees half a file.
 */
export async function openFileMediaStore(
  directory: string,
  options: { temporary?: boolean } = {}
): Promise<MediaStore> {
  await mkdir(directory, { recursive: true });
  const path = (key: string) => join(directory, checkKey(key));
  return {
    async put(key, bytes) {
      const target = path(key);
      const partial = `${target}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, target);
    },
    async get(key): Promise<Readable | null> {
      const target = path(key);
      try {
        if (!(await stat(target)).isFile()) return null;
      } catch {
        return null;
      }
      return createReadStream(target);
    },
    async delete(key) {
      await rm(path(key), { force: true });
    },
    async close() {
      if (options.temporary) await rm(directory, { recursive: true, force: true });
    }
  };
}

/** A fresh temporary directory for the media of a `:memory:` database. */
export function temporaryMediaDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'rx-conversations-media-'));
}
