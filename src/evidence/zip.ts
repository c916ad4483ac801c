/**
 * A small ZIP writer and a defensive ZIP reader, both in memory (nothing is ever written to disk).
 *
 * Writer: deterministic by construction — entries sorted by name, every timestamp 1980-01-01 00:00 (DOS time
 * 0, date 0x0021), fixed attributes (Unix 0644 regular file, made by "Unix, ZIP 2.0"), UTF-8 names (flag
 * 0x0800), raw deflate at level 9, no extra fields, no comments, no data descriptors, no ZIP64. The same
 * entries give the same bytes on the same zlib.
 *
 * Reader: made for archives nobody vouches for. It never trusts a declared size: it reads only inside the
 * buffer, inflates with a hard output cap (so a zip bomb stops at the cap), checks that entries do not
 * overlap one another (overlapping-entry bombs), and reports per entry why an entry cannot be used
 * (unsafe name, duplicate, encryption, unsupported method, too large, corrupt data) instead of guessing.
 * Archive-level damage (no end-of-central-directory record, truncation, ZIP64, multi-disk) is a
 * ZipFormatError.
 */
import { inflateRawSync, deflateRawSync } from 'node:zlib';

export const MiB = 1024 * 1024;

export interface ZipLimits {
  /** Largest archive accepted, in bytes. */
  maxArchiveBytes: number;
  /** Most entries in the central directory. */
  maxEntries: number;
  /** Largest uncompressed size of one entry (declared and actual). */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together (declared and actual). */
  maxTotalBytes: number;
  /** Longest entry name, in UTF-8 bytes. */
  maxNameBytes: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  // The entries' 512 MiB plus headroom for headers and deflate's worst-case expansion of incompressible data.
  maxArchiveBytes: 520 * MiB,
  maxEntries: 1000,
  maxEntryBytes: 256 * MiB,
  maxTotalBytes: 512 * MiB,
  maxNameBytes: 512,
});

/** The deflate level every entry is written with. */
export const DEFLATE_LEVEL = 9;

/** The archive as a whole cannot be read (not a ZIP, truncated, ZIP64, multi-disk, corrupt directory). */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const EOCD = 22;
const MAX_COMMENT = 0xffff;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_HEADER = 0x2000;

const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

/** DOS date 1980-01-01 ((0 << 9) | (1 << 5) | 1) and time 00:00:00. */
export const DOS_DATE_1980 = 0x0021;
export const DOS_TIME_MIDNIGHT = 0x0000;
/** Version made by: 3 (Unix) << 8 | 20 (ZIP 2.0). */
const VERSION_MADE_BY = 0x0314;
const VERSION_NEEDED = 20;
/** Unix mode 0100644 (regular file, rw-r--r--) in the high 16 bits. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;

// ---------------------------------------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, as ZIP uses it)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// Entry names

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Why an entry name is unsafe to extract anywhere (undefined when it is safe): empty, absolute, a drive
 * letter, backslashes, `.`/`..`/empty segments, a directory entry, control characters, characters Windows
 * forbids (`<>:"|?*`, which also stops NTFS alternate streams), reserved device names, segments ending in
 * a dot or a space (Windows strips them, so two names could land on one file).
 */
export function unsafeNameReason(name: string, maxNameBytes = DEFAULT_ZIP_LIMITS.maxNameBytes): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (Buffer.byteLength(name, 'utf8') > maxNameBytes) return `has a name longer than ${maxNameBytes} bytes`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'has control characters in its name';
  if (name.includes('\\')) return 'has a backslash in its name (a path separator on Windows)';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  if (name.endsWith('/')) return 'is a directory entry';
  const segments = name.split('/');
  if (segments.some((segment) => segment === '..')) return "has a '..' path segment";
  if (segments.some((segment) => segment === '.' || segment === '')) return "has an empty or '.' path segment";
  if (/[<>:"|?*]/.test(name)) return 'has a character Windows does not allow in file names (<>:"|?*)';
  if (segments.some((segment) => WINDOWS_RESERVED.test(segment))) return 'uses a reserved device name (CON, NUL, COM1…)';
  if (segments.some((segment) => /[. ]$/.test(segment))) return 'has a path segment ending in a dot or a space';
  return undefined;
}

/** Two names that would land on the same file on a case-insensitive or normalising file system. */
export function nameCollisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** The name quoted for messages (JSON escapes make control characters and quotes visible). */
export function quoteName(name: string): string {
  return JSON.stringify(name);
}

// ---------------------------------------------------------------------------------------------------------
// Writer

export interface ZipInputEntry {
  name: string;
  data: Uint8Array;
}

/**
 * Builds a deterministic ZIP of these entries (sorted by name). Throws on an unsafe or duplicate name, or
 * when an entry or the total exceeds the limits the reader enforces (so every archive written here reads back).
 */
export function writeZip(entries: readonly ZipInputEntry[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): Uint8Array {
  if (entries.length > limits.maxEntries) throw new RangeError(`a ZIP of ${entries.length} entries exceeds the limit of ${limits.maxEntries}`);
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  const seen = new Map<string, string>();
  let total = 0;
  for (const entry of sorted) {
    const unsafe = unsafeNameReason(entry.name, limits.maxNameBytes);
    if (unsafe) throw new RangeError(`entry ${quoteName(entry.name)} ${unsafe}`);
    const key = nameCollisionKey(entry.name);
    const other = seen.get(key);
    if (other !== undefined) throw new RangeError(`entry ${quoteName(entry.name)} collides with ${quoteName(other)}`);
    seen.set(key, entry.name);
    if (entry.data.length > limits.maxEntryBytes) throw new RangeError(`entry ${quoteName(entry.name)} is larger than ${limits.maxEntryBytes} bytes`);
    total += entry.data.length;
    if (total > limits.maxTotalBytes) throw new RangeError(`the entries together are larger than ${limits.maxTotalBytes} bytes`);
  }

  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: DEFLATE_LEVEL });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(LOCAL_HEADER);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(METHOD_DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME_MIDNIGHT, 10);
    local.writeUInt16LE(DOS_DATE_1980, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(CENTRAL_HEADER);
    central.writeUInt32LE(SIG_CENTRAL, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(METHOD_DEFLATE, 10);
    central.writeUInt16LE(DOS_TIME_MIDNIGHT, 12);
    central.writeUInt16LE(DOS_DATE_1980, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra field length
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk number start
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += LOCAL_HEADER + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const eocd = Buffer.alloc(EOCD);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  eocd.writeUInt16LE(0, 4); // this disk
  eocd.writeUInt16LE(0, 6); // disk with the central directory
  eocd.writeUInt16LE(sorted.length, 8);
  eocd.writeUInt16LE(sorted.length, 10);
  eocd.writeUInt32LE(centralSize, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(0, 20); // comment length
  const archive = Buffer.concat([...locals, ...centrals, eocd]);
  if (archive.length > limits.maxArchiveBytes) throw new RangeError(`the archive would be larger than ${limits.maxArchiveBytes} bytes`);
  return new Uint8Array(archive.buffer, archive.byteOffset, archive.byteLength);
}

/** Byte order of the UTF-16 code units: deterministic and independent of the locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Reader

export interface ZipEntry {
  /** Position in the central directory (0-based). */
  index: number;
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  /** As declared in the central directory; never trusted for allocation. */
  uncompressedSize: number;
  /** Why this entry cannot be read (unsafe name, duplicate, encrypted…); undefined when it can be. */
  problem?: string;
}

export type EntryData = { ok: true; data: Uint8Array } | { ok: false; problem: string };

export interface ZipArchive {
  /** Every entry in central-directory order. */
  entries: ZipEntry[];
  /** Archive-level irregularities that do not stop reading (bytes outside every entry). */
  warnings: string[];
  /**
   * Inflates one entry, checking its size and CRC-32. Never produces more than `cap` bytes (default: the
   * per-entry limit) and counts what it produced against the archive's total limit.
   */
  read(entry: ZipEntry, cap?: number): EntryData;
}

interface Located {
  entry: ZipEntry;
  /** Offset of the local header. */
  start: number;
  dataStart: number;
  dataEnd: number;
  /** End of the entry including its data descriptor. */
  end: number;
}

/** Parses the archive's directory; reads no entry data yet. Throws ZipFormatError when it is not a usable ZIP. */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipArchive {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > limits.maxArchiveBytes) throw new ZipFormatError(`the archive is larger than ${limits.maxArchiveBytes} bytes`);
  const eocdAt = findEndOfCentralDirectory(buf);
  if (eocdAt >= 20 && buf.readUInt32LE(eocdAt - 20) === SIG_ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 archives are not supported');
  const disk = buf.readUInt16LE(eocdAt + 4);
  const centralDisk = buf.readUInt16LE(eocdAt + 6);
  const entriesOnDisk = buf.readUInt16LE(eocdAt + 8);
  const entryCount = buf.readUInt16LE(eocdAt + 10);
  const centralSize = buf.readUInt32LE(eocdAt + 12);
  const centralOffset = buf.readUInt32LE(eocdAt + 16);
  if (entryCount === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
  if (disk !== 0 || centralDisk !== 0 || entriesOnDisk !== entryCount) throw new ZipFormatError('multi-disk (split) archives are not supported');
  if (entryCount > limits.maxEntries) throw new ZipFormatError(`the archive has ${entryCount} entries, more than the limit of ${limits.maxEntries}`);
  if (centralOffset + centralSize > eocdAt) throw new ZipFormatError('truncated or corrupt: the central directory lies outside the archive');

  const entries: ZipEntry[] = [];
  const located: Located[] = [];
  const byKey = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  let at = centralOffset;
  const centralEnd = centralOffset + centralSize;
  for (let index = 0; index < entryCount; index++) {
    if (at + CENTRAL_HEADER > centralEnd || buf.readUInt32LE(at) !== SIG_CENTRAL) {
      throw new ZipFormatError(`corrupt central directory (entry ${index + 1} of ${entryCount})`);
    }
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compressedSize = buf.readUInt32LE(at + 20);
    const uncompressedSize = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const diskStart = buf.readUInt16LE(at + 34);
    const localOffset = buf.readUInt32LE(at + 42);
    const next = at + CENTRAL_HEADER + nameLength + extraLength + commentLength;
    if (next > centralEnd) throw new ZipFormatError(`corrupt central directory (entry ${index + 1} of ${entryCount} overruns it)`);
    const nameBytes = buf.subarray(at + CENTRAL_HEADER, at + CENTRAL_HEADER + nameLength);
    at = next;

    const decoded = decodeName(nameBytes, flags);
    const entry: ZipEntry = { index, name: decoded.name, flags, method, crc32: crc, compressedSize, uncompressedSize };
    entries.push(entry);
    const problem = decoded.problem ?? entryProblem(entry, diskStart, limits);
    if (problem) {
      entry.problem = problem;
      continue;
    }
    const key = nameCollisionKey(entry.name);
    const twin = byKey.get(key);
    if (twin) {
      entry.problem = twin.name === entry.name ? 'appears more than once in the archive' : `collides with ${quoteName(twin.name)} (same name ignoring case)`;
      continue;
    }
    byKey.set(key, entry);
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxTotalBytes) {
      entry.problem = `takes the declared uncompressed size of the archive past the limit of ${limits.maxTotalBytes} bytes`;
      continue;
    }
    const local = locateData(buf, entry, nameBytes, localOffset, centralOffset);
    if ('problem' in local) entry.problem = local.problem;
    else located.push({ entry, ...local });
  }
  if (at !== centralEnd) throw new ZipFormatError('corrupt central directory (its size does not match its entries)');

  // Entries must not share bytes: overlapping entries are how the most compact zip bombs are built.
  const byOffset = [...located].sort((a, b) => a.start - b.start);
  let previousEnd = 0;
  for (const item of byOffset) {
    if (item.start < previousEnd) item.entry.problem = 'overlaps another entry in the archive';
    else previousEnd = item.end;
  }
  // Every byte belongs to an entry, the central directory or the end record (no comment): else say so.
  const warnings: string[] = [];
  if (entries.every((entry) => !entry.problem)) {
    const entryBytes = located.reduce((sum, item) => sum + (item.end - item.start), 0);
    const outside = centralOffset - entryBytes + (eocdAt - centralEnd) + (buf.length - (eocdAt + EOCD));
    if (outside !== 0) warnings.push(`the archive has ${outside} byte(s) outside its entries and directory`);
  }

  const dataOf = new Map(located.map((item) => [item.entry, item]));
  let produced = 0;
  return {
    entries,
    warnings,
    read(entry, cap = limits.maxEntryBytes): EntryData {
      if (entry.problem) return { ok: false, problem: entry.problem };
      const item = dataOf.get(entry);
      if (!item) return { ok: false, problem: 'is not an entry of this archive' };
      const limit = Math.min(cap, limits.maxEntryBytes, limits.maxTotalBytes - produced);
      if (entry.uncompressedSize > limit) return { ok: false, problem: `declares ${entry.uncompressedSize} bytes, more than the limit of ${limit}` };
      const raw = buf.subarray(item.dataStart, item.dataEnd);
      let data: Buffer;
      if (entry.method === METHOD_STORED) {
        data = raw;
      } else {
        try {
          // Inflate at most one byte more than declared: anything bigger is a lie (or a bomb) and stops here.
          const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1), info: true }) as unknown as {
            buffer: Buffer;
            engine: { bytesWritten: number };
          };
          if (out.engine.bytesWritten !== raw.length) return { ok: false, problem: 'has data after the end of its compressed stream' };
          data = out.buffer;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, problem: `inflates to more than its declared ${entry.uncompressedSize} bytes` };
          return { ok: false, problem: `has corrupt compressed data (${(error as Error).message})` };
        }
      }
      produced += data.length;
      if (data.length !== entry.uncompressedSize) return { ok: false, problem: `inflates to ${data.length} bytes, not the declared ${entry.uncompressedSize}` };
      if (crc32(data) !== entry.crc32) return { ok: false, problem: 'fails its CRC-32 check (corrupt data)' };
      return { ok: true, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}

function findEndOfCentralDirectory(buf: Buffer): number {
  if (buf.length < EOCD) throw new ZipFormatError(buf.length === 0 ? 'the file is empty' : 'not a ZIP archive (too short)');
  const lowest = Math.max(0, buf.length - EOCD - MAX_COMMENT);
  const found: number[] = [];
  for (let at = buf.length - EOCD; at >= lowest; at--) {
    // The record's comment runs exactly to the end of the file.
    if (buf.readUInt32LE(at) === SIG_EOCD && at + EOCD + buf.readUInt16LE(at + 20) === buf.length) found.push(at);
  }
  // A second candidate means a record hidden in a comment: readers would disagree on the contents, so refuse.
  if (found.length > 1) throw new ZipFormatError('ambiguous: more than one end-of-central-directory record');
  if (found[0] === undefined) throw new ZipFormatError('not a ZIP archive, or truncated (no end-of-central-directory record)');
  return found[0];
}

function decodeName(bytes: Buffer, flags: number): { name: string; problem?: string } {
  const ascii = bytes.every((byte) => byte < 0x80);
  if (!ascii && !(flags & FLAG_UTF8)) return { name: bytes.toString('latin1'), problem: 'has a non-UTF-8 name' };
  try {
    return { name: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { name: bytes.toString('latin1'), problem: 'has a name that is not valid UTF-8' };
  }
}

function entryProblem(entry: ZipEntry, diskStart: number, limits: ZipLimits): string | undefined {
  const unsafe = unsafeNameReason(entry.name, limits.maxNameBytes);
  if (unsafe) return unsafe;
  if (entry.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADER)) return 'is encrypted';
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) return `uses unsupported compression method ${entry.method}`;
  if (diskStart !== 0) return 'lies on another disk';
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    return `declares ${entry.uncompressedSize} uncompressed bytes, more than the limit of ${limits.maxEntryBytes}`;
  }
  if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) return 'is stored but its compressed and uncompressed sizes differ';
  return undefined;
}

function locateData(
  buf: Buffer,
  entry: ZipEntry,
  centralName: Buffer,
  localOffset: number,
  centralOffset: number,
): Omit<Located, 'entry'> | { problem: string } {
  if (localOffset + LOCAL_HEADER > centralOffset || buf.readUInt32LE(localOffset) !== SIG_LOCAL) {
    return { problem: 'has a missing or corrupt local header' };
  }
  const flags = buf.readUInt16LE(localOffset + 6);
  const method = buf.readUInt16LE(localOffset + 8);
  const nameLength = buf.readUInt16LE(localOffset + 26);
  const extraLength = buf.readUInt16LE(localOffset + 28);
  const dataStart = localOffset + LOCAL_HEADER + nameLength + extraLength;
  if (dataStart > centralOffset) return { problem: 'has a local header that runs past the entries' };
  if (!buf.subarray(localOffset + LOCAL_HEADER, localOffset + LOCAL_HEADER + nameLength).equals(centralName)) {
    return { problem: 'has a different name in its local header than in the central directory' };
  }
  if (method !== entry.method || (flags & ~FLAG_DESCRIPTOR) !== (entry.flags & ~FLAG_DESCRIPTOR)) {
    return { problem: 'has a local header that disagrees with the central directory' };
  }
  if (!(entry.flags & FLAG_DESCRIPTOR)) {
    const localCrc = buf.readUInt32LE(localOffset + 14);
    const localCompressed = buf.readUInt32LE(localOffset + 18);
    const localUncompressed = buf.readUInt32LE(localOffset + 22);
    if (localCrc !== entry.crc32 || localCompressed !== entry.compressedSize || localUncompressed !== entry.uncompressedSize) {
      return { problem: 'has a local header that disagrees with the central directory' };
    }
  }
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > centralOffset) return { problem: 'has compressed data that runs past the entries (truncated)' };
  if (entry.flags & FLAG_DESCRIPTOR) {
    // CRC, sizes (and an optional signature) follow the data; they must agree with the central directory.
    const signed = dataEnd + 4 <= centralOffset && buf.readUInt32LE(dataEnd) === SIG_DESCRIPTOR;
    const fields = signed ? dataEnd + 4 : dataEnd;
    if (fields + 12 > centralOffset) return { problem: 'has a truncated data descriptor' };
    if (buf.readUInt32LE(fields) !== entry.crc32 || buf.readUInt32LE(fields + 4) !== entry.compressedSize || buf.readUInt32LE(fields + 8) !== entry.uncompressedSize) {
      return { problem: 'has a data descriptor that disagrees with the central directory' };
    }
    return { start: localOffset, dataStart, dataEnd, end: fields + 12 };
  }
  return { start: localOffset, dataStart, dataEnd, end: dataEnd };
}
