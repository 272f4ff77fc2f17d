/**
 * What the page gets from a model file: the read model (`import/read.ts`), or the message that says
 * why not. Runs in the model worker, or in-process where there is no Worker (unit tests, Node).
 */
import { readModelBytes, type ModelRead } from '../import/read';

export type ModelFileReply =
  { readonly ok: true; readonly read: ModelRead; readonly digest: string } | { readonly ok: false; readonly error: string };

/** SHA-256 of the bytes, hex: the file's identity in a link (`model=`), so a receiver can tell whether they hold the same file. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads one file; never throws (a damaged file is a message naming it). */
export async function readModelFile(bytes: Uint8Array, fileName: string): Promise<ModelFileReply> {
  try {
    const read = readModelBytes(bytes, fileName);
    return { ok: true, read, digest: await sha256Hex(bytes) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
