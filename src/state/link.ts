/**
 * The envelope of a link's hash: the version, the fields as `key=value` pairs, and — when the
 * plain form is long — the same pairs deflated with a fixed dictionary into one `z=` field.
 * `url.ts` reads and writes the fields; this module only moves them in and out of the hash and
 * brings old versions up to date. Nothing here throws.
 *
 *   v=2&space=mini&hw=u55-mram&g=28.16_…&end          (plain: up to COMPRESS_FROM characters)
 *   v=2&z=3q2-7wtOLEjNzMu0Mj…                         (longer: CRC-32 + raw DEFLATE with a dictionary, base64url)
 *
 * `z` is base64url of 4 bytes of CRC-32 of the plain text (big-endian), then the raw DEFLATE of the
 * plain text and a newline. The newline tells a cut link from a whole one (a cut link still gives the
 * fields before the cut); the checksum tells a damaged whole link from a good one (raw DEFLATE has none).
 * A plain link ends with `&end` for the same reason: without it the link was cut (or typed by hand),
 * and its last field, which may be cut mid-value (`layer=74` → `layer=7`), keeps its default.
 *
 * Versions: v=1 (the first release) wrote plain fields only, percent-encoding `:` and `,`. v=2 adds
 * the compressed form, the selected layer (`layer`) and the hidden panels (`hide`); a v=1 reader
 * would drop a compressed link's fields without a word, hence the new number. A later version that
 * changes a field's meaning or a default adds a step to MIGRATIONS that rewrites older links, and
 * the fixture links in `url.test.ts` (written by each version) must keep reading the same.
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { at, pushAll } from '../core';

export const LINK_VERSION = 2;

/** Plain links longer than this are compressed when that makes them shorter. */
export const COMPRESS_FROM = 200;

/**
 * The deflate dictionary of v=2: fragments that links repeat, the most frequent last (the nearest
 * back-references are the cheapest). It is part of the format: changing one byte breaks every
 * compressed v=2 link, so a new dictionary needs a new version (`url.test.ts` pins its checksum).
 */
export const DICTIONARY_V2 =
  'hide=timeline.sweep.layers.search.training.estimate.subnet&layer=' +
  '&train=steps:,batch:,seed:,optimizer:sgd,learningRate:0.00,schedule:constant,step,warmupSteps:,randomSubnets:,distill:0,labelSmoothing:0,twoPhase:0,phase1Share:0.,checkpointEvery:,evalEvery:,evalImages:,calibrationImages:,dataset:mnist,cifar10' +
  '&hwp=npuMacsPerCycle:,npuFreqMHz:,npuSramGBps:,npuWeightGBps:,npuWeightBufferKiB:,npuMacPj:0.,sramPjPerByte:,weightFetchPjPerByte:,npuStaticMw:,npuOverheadUs:,cimRows:,cimCols:,cimMacroKiB:,cimFreqMHz:,cimCyclesPerMvm:,cimMacPj:0.,cimBufferGBps:,cimBufferPjPerByte:,cimStaticMwPerMacro:,linkPjPerByte:,bytesPerWeight:,bytesPerAct:,linkGBps:,cimUnits:,cimMacros:' +
  '&trim=r~stem~s1.c~s1.d~s1.k~s1.e~s1.m~s2.c~s2.d~s2.k~s2.e~s2.m~s3.c~s3.d~s3.k~s3.e~s3.m~s4.c~s4.d~s4.k~s4.e~s4.m~s5.k~s6.k' +
  '&search=acc:predictor,acc:supernet,acc:table,co:1,ex:1,en:,par:,lat:0.,obj:accuracy.latencyMs.energyUj.params.cimAreaMm2,schema:npu,schema:cim,schema:parallel,pop:,gen:,seed:' +
  '&schema=npu&schema=cim&schema=parallel&space=nasvit&space=mini-cifar&hw=u55-sram-cim&hw=npu1024-mram&hw=u65-dram&hw=u55-mram&space=mini&g=';

const DICT = strToU8(DICTIONARY_V2);

/**
 * A hash's fields in order; a key given twice keeps its first value (as `URLSearchParams.get`), and
 * the reader names it. The same rule holds inside the fields that list settings (`hwp`, `train`,
 * `search`, `trim`).
 */
export type LinkFields = ReadonlyMap<string, string>;

/** Percent-encodes only what a fragment cannot hold (`:` `,` `~` stay as they are). */
function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

function plainOf(fields: LinkFields): string {
  return [...fields].map(([k, v]) => `${encodeValue(k)}=${encodeValue(v)}`).join('&');
}

/** base64url without padding (links, and a teacher's lesson in `lessonLink.ts`). */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url to bytes; a truncated tail (a lone sixth of a byte) is dropped, a foreign character refused. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const usable = text.length % 4 === 1 ? text.slice(0, -1) : text;
  try {
    const bin = atob(usable.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (usable.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** A plain link ends with this field, so a cut link is told from a whole one. */
const PLAIN_END = 'end';

/** The compressed text ends with this, so a cut link is told from a whole one. */
const END = '\n';

/** A link never inflates to more than this: a hostile `z` cannot blow up the page's memory. */
export const MAX_INFLATED = 32 * 1024;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE) of bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = at(CRC_TABLE, (c ^ b) & 0xff) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The hash (without `#`) for these fields at the current version: plain, or compressed when long. */
export function writeLink(fields: LinkFields, opts: { readonly compress?: boolean } = {}): string {
  const plain = plainOf(fields);
  const head = `v=${LINK_VERSION}`;
  if (plain.length <= COMPRESS_FROM || opts.compress === false) return `${head}&${plain}&${PLAIN_END}`;
  const text = strToU8(plain);
  const packed = deflateSync(strToU8(plain + END), { level: 9, dictionary: DICT });
  const out = new Uint8Array(4 + packed.length);
  new DataView(out.buffer).setUint32(0, crc32(text));
  out.set(packed, 4);
  const z = toBase64Url(out);
  return z.length + 2 < plain.length ? `${head}&z=${z}` : `${head}&${plain}&${PLAIN_END}`;
}

/**
 * Inflates as much as there is, up to MAX_INFLATED bytes; `failed` when it is not DEFLATE or too
 * large. A cut stream still gives its beginning.
 */
function inflatePartial(bytes: Uint8Array): { text: string; failed: boolean } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failed = false;
  const inflater = new Inflate({ dictionary: DICT }, (chunk) => {
    size += chunk.length;
    if (size > MAX_INFLATED) throw new Error('too large');
    chunks.push(chunk);
  });
  try {
    inflater.push(bytes, false);
  } catch {
    failed = true;
  }
  let text = '';
  try {
    text = chunks.map((c) => strFromU8(c)).join('');
  } catch {
    failed = true;
  }
  return { text, failed };
}

/** The notice for a key given more than once: the first value is used. */
export const repeatedNotice = (field: string, key: string): string =>
  `${field}: "${key.slice(0, 30)}" is given more than once; the first value is used`;

function parseFields(text: string, errors: string[]): Map<string, string> {
  const out = new Map<string, string>();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    return out;
  }
  const repeated = new Set<string>();
  for (const [k, v] of params) {
    if (!out.has(k)) out.set(k, v);
    else if (!repeated.has(k)) {
      repeated.add(k);
      errors.push(repeatedNotice('link', k));
    }
  }
  return out;
}

/** One step from version `from` to `from + 1`: rewrites the fields, and says what changed for the reader. */
interface Migration {
  readonly from: number;
  readonly migrate: (fields: Map<string, string>) => { fields: Map<string, string>; notes: string[] };
}

/**
 * v=1 → v=2: v=1 is v=2 without its additions (compression, `layer`, `hide`), and its defaults are
 * v=2's, so its fields read as they are. Kept as a step so that the chain is whole and each later
 * step starts from v=2.
 */
const MIGRATIONS: readonly Migration[] = [{ from: 1, migrate: (fields) => ({ fields, notes: [] }) }];

export interface ReadLink {
  /** the fields at the current version */
  readonly fields: LinkFields;
  /** the version the link was written by (the current one when it names none or a bad one) */
  readonly version: number;
  /** what could not be read, each naming its field */
  readonly errors: readonly string[];
}

/** Reads a hash of any version: unpacks `z`, then migrates the fields to the current version. */
export function readLink(hash: string): ReadLink {
  const errors: string[] = [];
  let fields = parseFields(hash.replace(/^#/, ''), errors);
  let version = LINK_VERSION;
  const v = fields.get('v');
  fields.delete('v');
  if (v !== undefined) {
    if (!/^\d{1,6}$/.test(v) || Number(v) < 1) errors.push(`v: "${v.slice(0, 20)}" is not a version number; read as v=${LINK_VERSION}`);
    else version = Number(v);
  }
  if (version > LINK_VERSION)
    errors.push(`v: the link is from a newer version (v=${version}); fields this version does not know are ignored`);
  const z = fields.get('z');
  if (z === undefined) {
    // a plain link: whole if it carries its end marker; else (from v=2 on) its last field may be cut
    // mid-value. A newer version's format is unknown here, so its links are read as they are.
    if (fields.has(PLAIN_END)) fields.delete(PLAIN_END);
    else if (version >= 2 && version <= LINK_VERSION) {
      const last = [...fields.keys()].pop();
      if (last !== undefined) {
        fields.delete(last);
        errors.push(`link: cut short (no "&${PLAIN_END}"), so its last field, ${last.slice(0, 30)}, may be cut: it keeps its default`);
      }
    }
  }
  if (z !== undefined) {
    fields.delete('z');
    const bytes = fromBase64Url(z);
    if (version > LINK_VERSION)
      errors.push(`z: compressed by a newer version (v=${version}) that this one cannot unpack; the defaults are shown`);
    else if (!bytes || bytes.length < 5)
      errors.push('z: the compressed link has characters base64url does not use, or is empty; the defaults are shown');
    else {
      const { text, failed } = inflatePartial(bytes.subarray(4));
      // no newline at the end: the link stops early (cut, most likely); the checksum covers whole links
      const cut = !failed && !text.endsWith(END);
      // a cut link: the last field may be cut too, so only the ones before it count
      const usable = cut ? text.slice(0, Math.max(0, text.lastIndexOf('&'))) : text.slice(0, -END.length);
      const damaged = failed || (!cut && crc32(strToU8(usable)) !== new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0));
      const unpacked = damaged ? new Map<string, string>() : parseFields(usable, errors);
      if (damaged) errors.push('z: the compressed link is damaged (it does not unpack to what was packed); the defaults are shown');
      else if (cut) {
        const kept = [...unpacked.keys()];
        errors.push(
          `z: the compressed link is cut short; ${kept.length > 0 ? `read up to ${kept[kept.length - 1] ?? ''}, the fields after it are at their defaults` : 'the defaults are shown'}`,
        );
      }
      // fields outside `z` (added by hand) come after the packed ones
      for (const [k, val] of fields) {
        if (!unpacked.has(k)) unpacked.set(k, val);
        else errors.push(`link: "${k.slice(0, 30)}" is both packed in z and written after it; the packed value is used`);
      }
      fields = unpacked;
    }
  }
  for (const step of MIGRATIONS) {
    if (step.from < version || step.from >= LINK_VERSION) continue;
    const r = step.migrate(fields);
    fields = r.fields;
    pushAll(errors, r.notes);
  }
  return { fields, version, errors };
}
