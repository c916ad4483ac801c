import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  DEFAULT_ZIP_LIMITS,
  DOS_DATE_1980,
  MiB,
  readZip,
  unsafeNameReason,
  writeZip,
  ZipFormatError,
  type ZipLimits,
} from '../../src/evidence/zip.js';
import { bytes, craftZip, entriesOf, text } from './craft.js';

const hasTool = (tool: string): boolean => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const small: ZipLimits = { maxArchiveBytes: 4 * MiB, maxEntries: 50, maxEntryBytes: 1 * MiB, maxTotalBytes: 2 * MiB, maxNameBytes: 128 };

function problemsOf(zip: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Record<string, string | undefined> {
  const archive = readZip(zip, limits);
  const out: Record<string, string | undefined> = {};
  for (const entry of archive.entries) {
    const read = archive.read(entry);
    out[entry.name] = read.ok ? undefined : read.problem;
  }
  return out;
}

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('writeZip', () => {
  const entries = [
    { name: 'z.txt', data: bytes('last') },
    { name: 'a/b.json', data: bytes('{"a":1}') },
    { name: 'empty.txt', data: new Uint8Array() },
    { name: 'ünïcode.txt', data: bytes('ü') },
  ];

  it('is deterministic and independent of the input order', () => {
    const a = writeZip(entries);
    const b = writeZip([...entries].reverse());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).toString('hex')).toBe(Buffer.from(writeZip(entries)).toString('hex'));
  });

  it('writes sorted entries with 1980-01-01 00:00 timestamps, UTF-8 names, deflate and Unix 0644 attributes', () => {
    const zip = Buffer.from(writeZip(entries));
    const archive = readZip(zip);
    expect(archive.entries.map((e) => e.name)).toEqual(['a/b.json', 'empty.txt', 'z.txt', 'ünïcode.txt']);
    expect(archive.warnings).toEqual([]);
    for (const entry of archive.entries) {
      expect(entry.method).toBe(8);
      expect(entry.flags).toBe(0x0800);
    }
    // first local header: time 0, date 0x0021
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(10)).toBe(0);
    expect(zip.readUInt16LE(12)).toBe(DOS_DATE_1980);
    const cd = zip.readUInt32LE(zip.length - 22 + 16);
    expect(zip.readUInt16LE(cd + 4)).toBe(0x0314);
    expect(zip.readUInt32LE(cd + 38)).toBe((0o100644 << 16) >>> 0);
  });

  it('round-trips every byte', () => {
    const big = Buffer.alloc(300_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const back = entriesOf(writeZip([...entries, { name: 'big.bin', data: big }]));
    expect(text(back.get('z.txt'))).toBe('last');
    expect(back.get('empty.txt')?.length).toBe(0);
    expect(Buffer.from(back.get('big.bin')!).equals(big)).toBe(true);
  });

  it('refuses unsafe and colliding names and oversized entries', () => {
    expect(() => writeZip([{ name: '../x', data: bytes('') }])).toThrow(/'\.\.'/);
    expect(() => writeZip([{ name: 'A.txt', data: bytes('') }, { name: 'a.txt', data: bytes('') }])).toThrow(/collides/);
    expect(() => writeZip([{ name: 'x', data: new Uint8Array(small.maxEntryBytes + 1) }], small)).toThrow(/larger than/);
  });

  it.skipIf(!hasTool('unzip'))('is a standard ZIP: `unzip -t` accepts it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-zip-'));
    await writeFile(join(dir, 'a.zip'), writeZip(entries));
    const out = execFileSync('unzip', ['-t', join(dir, 'a.zip')], { encoding: 'utf8' });
    expect(out).toContain('No errors detected');
  });
});

describe('unsafeNameReason', () => {
  it.each([
    ['../evil.txt', "'..'"],
    ['a/../../evil.txt', "'..'"],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/evil.dll', 'drive letter'],
    ['c:evil', 'drive letter'],
    ['a\\..\\evil', 'backslash'],
    ['dir/', 'directory'],
    ['a//b', 'empty'],
    ['./a', "'.'"],
    ['report.html:hidden', 'Windows'],
    ['CON', 'reserved'],
    ['nul.txt', 'reserved'],
    ['trailing. ', 'dot or a space'],
    ['bell\u0007', 'control'],
    ['', 'empty'],
  ])('%j is unsafe (%s)', (name, reason) => {
    expect(unsafeNameReason(name)).toContain(reason);
  });

  it.each(['report.html', 'matrix-pci-dss-v4.0.1.csv', 'sub/dir/file.json', 'ünïcode.txt'])('%j is safe', (name) => {
    expect(unsafeNameReason(name)).toBeUndefined();
  });
});

describe('readZip on hostile archives', () => {
  it('flags zip-slip names, never reading them', () => {
    const zip = craftZip([
      { name: 'ok.txt', data: 'fine' },
      { name: '../../evil.sh', data: 'rm -rf /' },
      { name: '/abs', data: 'x' },
      { name: 'C:\\Windows\\evil.dll', data: 'x' },
      { name: 'sub/../../up', data: 'x' },
    ]);
    const problems = problemsOf(zip);
    expect(problems['ok.txt']).toBeUndefined();
    expect(problems['../../evil.sh']).toMatch(/'\.\.'/);
    expect(problems['/abs']).toMatch(/absolute/);
    expect(problems['C:\\Windows\\evil.dll']).toMatch(/backslash|drive/);
    expect(problems['sub/../../up']).toMatch(/'\.\.'/);
  });

  it('flags exact and case-insensitive duplicate names', () => {
    const archive = readZip(craftZip([{ name: 'a.txt', data: '1' }, { name: 'a.txt', data: '2' }, { name: 'A.TXT', data: '3' }]));
    expect(archive.entries.map((e) => e.problem)).toEqual([undefined, 'appears more than once in the archive', expect.stringMatching(/collides with "a.txt"/)]);
  });

  it('flags non-UTF-8 names, encryption and unsupported compression methods', () => {
    const archive = readZip(
      craftZip([
        { name: Buffer.from([0x66, 0xff, 0x66]), data: 'x', flags: 0 },
        { name: 'encrypted.txt', data: 'x', flags: 0x0801 },
        { name: 'bzip2.txt', data: 'x', method: 12, raw: bytes('BZh') },
        { name: 'aes.txt', data: 'x', method: 99, raw: bytes('????') },
      ]),
    );
    expect(archive.entries.map((e) => e.problem)).toEqual([
      'has a non-UTF-8 name',
      'is encrypted',
      'uses unsupported compression method 12',
      'uses unsupported compression method 99',
    ]);
  });

  it('stops inflating a bomb at its declared size', () => {
    const zeros = Buffer.alloc(50 * MiB); // deflates to ~50 KB
    const zip = craftZip([{ name: 'bomb.bin', data: zeros, uncompressedSize: 1000 }]);
    expect(zip.length).toBeLessThan(200_000);
    expect(problemsOf(zip)['bomb.bin']).toMatch(/inflates to more than its declared 1000 bytes/);
  });

  it('refuses entries declaring more than the per-entry or total limit before inflating anything', () => {
    const zip = craftZip([
      { name: 'a.bin', data: Buffer.alloc(10), uncompressedSize: small.maxEntryBytes + 1 },
      { name: 'b.bin', data: Buffer.alloc(10), uncompressedSize: 0xfffffff0 },
    ]);
    const problems = problemsOf(zip, small);
    expect(problems['a.bin']).toMatch(/more than the limit/);
    expect(problems['b.bin']).toMatch(/more than the limit/);

    const many = craftZip(
      [1, 2, 3].map((i) => ({ name: `${i}.bin`, data: Buffer.alloc(small.maxEntryBytes) })),
    );
    const total = problemsOf(many, small);
    expect(total['1.bin']).toBeUndefined();
    expect(total['2.bin']).toBeUndefined();
    expect(total['3.bin']).toMatch(/past the limit/);
  });

  it('refuses overlapping entries (the overlapping-file bomb construction)', () => {
    // inner is a complete local entry; outer is stored and its data is the inner entry, header and all.
    const inner = craftZip([{ name: 'inner.txt', data: 'payload', method: 0 }]);
    const innerLocal = inner.subarray(0, 30 + 'inner.txt'.length + 'payload'.length);
    const outerHeader = 30 + 'outer.txt'.length;
    const zip = craftZip([
      { name: 'outer.txt', data: innerLocal, method: 0 },
      { name: 'inner.txt', data: 'payload', method: 0, centralOnly: true, localOffset: outerHeader },
    ]);
    const archive = readZip(zip);
    expect(archive.entries.find((e) => e.name === 'inner.txt')?.problem).toBe('overlaps another entry in the archive');
  });

  it('detects corrupt data: CRC mismatch, short output, trailing data', () => {
    const zip = craftZip([
      { name: 'crc.txt', data: 'hello', crc: 1234 },
      { name: 'short.txt', data: 'hello', uncompressedSize: 9 },
      { name: 'trailing.txt', data: 'x', raw: Buffer.concat([deflateRawSync(bytes('x')), Buffer.from('junk')]) },
      { name: 'garbage.txt', data: 'x', raw: Buffer.from('definitely not deflate') },
    ]);
    const problems = problemsOf(zip);
    expect(problems['crc.txt']).toMatch(/CRC-32/);
    expect(problems['short.txt']).toMatch(/inflates to 5 bytes, not the declared 9/);
    expect(problems['trailing.txt']).toMatch(/data after the end/);
    expect(problems['garbage.txt']).toMatch(/corrupt compressed data/);
  });

  it('flags a local header that disagrees with the central directory', () => {
    const zip = Buffer.from(craftZip([{ name: 'a.txt', data: 'abc' }]));
    zip.write('b', 30); // the local header's copy of the name
    expect(readZip(zip).entries[0]?.problem).toMatch(/different name in its local header/);
  });

  it('warns about bytes outside the entries (prepended data, comments)', () => {
    expect(readZip(craftZip([{ name: 'a.txt', data: 'abc' }], { prefix: bytes('MZ-stub') })).warnings).toEqual([
      'the archive has 7 byte(s) outside its entries and directory',
    ]);
    expect(readZip(craftZip([{ name: 'a.txt', data: 'abc' }], { comment: bytes('hi') })).warnings).toHaveLength(1);
  });

  it.each([
    ['an empty file', new Uint8Array(), /empty/],
    ['random bytes', bytes('this is not a zip file at all, sorry'), /not a ZIP/],
    ['a truncated archive', craftZip([{ name: 'a.txt', data: 'abc' }]).subarray(0, 40), /not a ZIP|truncated/],
    ['a zip cut before its directory ends', craftZip([{ name: 'a.txt', data: 'abc' }]).subarray(0, -10), /not a ZIP|truncated/],
  ])('throws ZipFormatError for %s', (_, zip, message) => {
    expect(() => readZip(zip)).toThrow(ZipFormatError);
    expect(() => readZip(zip)).toThrow(message);
  });

  it('throws ZipFormatError for ZIP64, a directory outside the file and too many entries', () => {
    const zip64 = Buffer.from(craftZip([{ name: 'a.txt', data: 'abc' }]));
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 + 16);
    expect(() => readZip(zip64)).toThrow(/ZIP64/);
    const outside = Buffer.from(craftZip([{ name: 'a.txt', data: 'abc' }]));
    outside.writeUInt32LE(10_000, outside.length - 22 + 16);
    expect(() => readZip(outside)).toThrow(/outside the archive/);
    const entries = Array.from({ length: small.maxEntries + 1 }, (_, i) => ({ name: `${i}`, data: '' }));
    expect(() => readZip(craftZip(entries), small)).toThrow(/more than the limit/);
    expect(() => readZip(craftZip([{ name: 'a', data: '' }], { entryCount: 2 }))).toThrow(/corrupt central directory/);
  });

  it('refuses an archive with a second end-of-directory record hidden in its comment (readers would disagree)', () => {
    const fake = Buffer.alloc(22);
    fake.writeUInt32LE(0x06054b50, 0);
    expect(() => readZip(craftZip([{ name: 'a.txt', data: 'abc' }], { comment: fake }))).toThrow(/ambiguous/);
    // A signature inside a comment that does not reach the end of the file is not a candidate.
    const archive = readZip(craftZip([{ name: 'a.txt', data: 'abc' }], { comment: Buffer.concat([fake, bytes('tail')]) }));
    expect(archive.entries.map((e) => e.name)).toEqual(['a.txt']);
  });

  it('never touches the file system: the reader and verifier modules do not even import it', async () => {
    for (const module of ['zip', 'verify', 'manifest', 'reperform', 'signing', 'pack']) {
      const source = await readFile(new URL(`../../src/evidence/${module}.ts`, import.meta.url), 'utf8');
      expect(source, module).not.toMatch(/from 'node:fs|from 'fs|writeFile|createWriteStream/);
    }
  });
});
