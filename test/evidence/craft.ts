/**
 * A deliberately permissive raw ZIP builder for tests: every header field can be set to a lie, so hostile
 * archives (zip-slip names, bombs, duplicates, encryption, overlapping entries…) can be crafted byte by byte.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32, readZip, writeZip } from '../../src/evidence/zip.js';

export interface CraftEntry {
  name: string | Buffer;
  data?: Uint8Array | string;
  /** 0 stored, 8 deflate (default), anything else as given. */
  method?: number;
  flags?: number;
  /** Overrides of what the headers declare. */
  crc?: number;
  compressedSize?: number;
  uncompressedSize?: number;
  /** Raw bytes to store as the entry's data (instead of compressing `data`). */
  raw?: Uint8Array;
  /** Where the central directory says the local header is (default: where it was written). */
  localOffset?: number;
  /** Do not write a local header and data for this entry (central directory only). */
  centralOnly?: boolean;
}

export interface CraftOptions {
  /** Bytes before the first entry. */
  prefix?: Uint8Array;
  comment?: Uint8Array;
  /** Override the EOCD entry count. */
  entryCount?: number;
}

const asBytes = (value: Uint8Array | string | undefined): Buffer =>
  value === undefined ? Buffer.alloc(0) : typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);

export function craftZip(entries: CraftEntry[], options: CraftOptions = {}): Uint8Array {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  if (options.prefix) {
    parts.push(Buffer.from(options.prefix));
    offset += options.prefix.length;
  }
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const data = asBytes(entry.data);
    const method = entry.method ?? 8;
    const payload = entry.raw ? Buffer.from(entry.raw) : method === 8 ? deflateRawSync(data) : data;
    const crc = entry.crc ?? crc32(data);
    const compressedSize = entry.compressedSize ?? payload.length;
    const uncompressedSize = entry.uncompressedSize ?? data.length;
    const flags = entry.flags ?? 0x0800;
    const header = (signature: number, central: boolean): Buffer => {
      const b = Buffer.alloc(central ? 46 : 30);
      b.writeUInt32LE(signature, 0);
      let at = 4;
      if (central) {
        b.writeUInt16LE(0x0314, at);
        at += 2;
      }
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(flags, at + 2);
      b.writeUInt16LE(method, at + 4);
      b.writeUInt16LE(0, at + 6);
      b.writeUInt16LE(0x21, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(compressedSize, at + 14);
      b.writeUInt32LE(uncompressedSize, at + 18);
      b.writeUInt16LE(name.length, at + 22);
      b.writeUInt16LE(0, at + 24);
      return b;
    };
    const localAt = offset;
    if (!entry.centralOnly) {
      parts.push(header(0x04034b50, false), name, payload);
      offset += 30 + name.length + payload.length;
    }
    const central = header(0x02014b50, true);
    central.writeUInt32LE(entry.localOffset ?? localAt, 42);
    centrals.push(central, name);
  }
  const cd = Buffer.concat(centrals);
  const comment = asBytes(options.comment);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(options.entryCount ?? entries.length, 8);
  eocd.writeUInt16LE(options.entryCount ?? entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return new Uint8Array(Buffer.concat([...parts, cd, eocd, comment]));
}

/** Every entry of a (valid) archive, as name → bytes. */
export function entriesOf(zip: Uint8Array): Map<string, Uint8Array> {
  const archive = readZip(zip);
  const out = new Map<string, Uint8Array>();
  for (const entry of archive.entries) {
    const read = archive.read(entry);
    if (!read.ok) throw new Error(`${entry.name}: ${read.problem}`);
    out.set(entry.name, read.data);
  }
  return out;
}

/** Rewrites an archive after `edit` changed its entries (a re-zip by someone who tampers with the content). */
export function rezip(zip: Uint8Array, edit: (entries: Map<string, Uint8Array>) => void): Uint8Array {
  const entries = entriesOf(zip);
  edit(entries);
  return writeZip([...entries].map(([name, data]) => ({ name, data })));
}

/** Rewrites an archive with crafted (possibly hostile) extra entries. */
export function rezipCrafted(zip: Uint8Array, extra: CraftEntry[]): Uint8Array {
  const entries = [...entriesOf(zip)].map(([name, data]): CraftEntry => ({ name, data }));
  return craftZip([...entries, ...extra]);
}

export const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
export const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);
