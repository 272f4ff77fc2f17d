/**
 * Every file the CLI reads goes through here: at most a stated number of bytes is ever read (a
 * larger file, a device such as /dev/zero or an endless pipe is refused with the limit named, after
 * reading one byte past it), text is UTF-8 with an optional byte-order mark.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { MAX_LESSON_BYTES, MAX_MEASUREMENT_BYTES, MAX_TABLE_BYTES, shorten } from '../core/index.js';
import { UsageError } from './usage.js';

const MiB = 1024 * 1024;

/** The most each file input may hold, in bytes (README, "Input limits"). */
export const FILE_LIMITS = {
  '--arch': MiB,
  '--hw': MiB,
  '--space': MiB,
  '--model': 16 * MiB,
  '--table': MAX_TABLE_BYTES,
  '--calibrate': MAX_MEASUREMENT_BYTES,
  // UTF-8 takes at most 4 bytes a character
  lesson: 4 * MAX_LESSON_BYTES,
  '--checkpoint': 64 * MiB,
  '--cifar': 64 * MiB, // a file; at most 16 of them (train/cifarSplits.ts)
} as const;
export type FileInput = keyof typeof FILE_LIMITS;

const bytes = (n: number): string => (n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : `${n.toLocaleString('en-US')} bytes`);

/** The bytes of `path`, at most `limit` of them (the field's FILE_LIMITS entry by default); a usage error naming the field otherwise. */
export function readInputBytes(
  field: FileInput | (string & {}),
  path: string,
  limit: number = FILE_LIMITS[field as FileInput],
): Uint8Array {
  const shown = shorten(path, 80);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new UsageError(`${field}: cannot read "${shown}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const out = new Uint8Array(Math.min(limit + 1, 1 << 20));
    let buf = out;
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > limit) break;
        const grown = new Uint8Array(Math.min(limit + 1, buf.length * 2));
        grown.set(buf);
        buf = grown;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit) throw new UsageError(`${field}: "${shown}" holds more than ${bytes(limit)}, the limit for this input`);
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${field}: cannot read "${shown}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** The text of `path` (UTF-8, a leading byte-order mark dropped), within the field's limit. */
export function readInputText(field: FileInput | (string & {}), path: string, limit: number = FILE_LIMITS[field as FileInput]): string {
  return new TextDecoder('utf-8').decode(readInputBytes(field, path, limit)).replace(/^\uFEFF/, '');
}
