import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, createZip } from '../../src/data/zip';

/** Reads a stored-only archive back by walking its central directory, as an unzip tool does. */
function readZip(archive: Uint8Array): Map<string, { data: Uint8Array; crc: number }> {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = archive.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let cursor = view.getUint32(end + 16, true);
  const files = new Map<string, { data: Uint8Array; crc: number }>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(cursor, true)).toBe(0x02014b50);
    const crc = view.getUint32(cursor + 16, true);
    const size = view.getUint32(cursor + 24, true);
    const nameLength = view.getUint16(cursor + 28, true);
    const local = view.getUint32(cursor + 42, true);
    const name = decoder.decode(archive.subarray(cursor + 46, cursor + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const localNameLength = view.getUint16(local + 26, true);
    const start = local + 30 + localNameLength + view.getUint16(local + 28, true);
    files.set(name, { data: archive.subarray(start, start + size), crc });
    cursor += 46 + nameLength;
  }
  return files;
}

describe('createZip', () => {
  it('computes the standard CRC-32 (the check value of "123456789" is cbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('stores every file so that reading the archive back gives the same bytes and CRCs', () => {
    const entries = [
      { name: 'problems/seed-1.json', content: '{\n  "loss": "bce"\n}\n' },
      { name: 'keys/seed-1.json', content: 'δ and ∂L/∂W: UTF-8 text' },
      { name: 'empty.txt', content: '' },
      { name: 'binary.bin', content: Uint8Array.from([0, 255, 1, 254]) },
    ];
    const files = readZip(createZip(entries));
    expect([...files.keys()]).toEqual(entries.map((entry) => entry.name));
    for (const entry of entries) {
      const bytes = typeof entry.content === 'string' ? new TextEncoder().encode(entry.content) : entry.content;
      expect(files.get(entry.name)!.data).toEqual(bytes);
      expect(files.get(entry.name)!.crc).toBe(crc32(bytes));
    }
  });

  it('gives the same bytes for the same files (a fixed date, no clock)', () => {
    const entries = [{ name: 'a.txt', content: 'a' }];
    expect(createZip(entries)).toEqual(createZip(entries));
  });

  it('is an archive the system unzip tool tests clean and extracts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-zip-'));
    const path = join(dir, 'set.zip');
    writeFileSync(path, createZip([{ name: 'a/b.txt', content: 'hello\n' }, { name: 'c.md', content: '# ∇\n' }]));
    let unzipAvailable = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      unzipAvailable = false;
    }
    if (!unzipAvailable) return;
    expect(execFileSync('unzip', ['-t', path]).toString()).toContain('No errors detected');
    expect(execFileSync('unzip', ['-p', path, 'c.md']).toString()).toBe('# ∇\n');
  });

  it('refuses duplicate names and absolute paths', () => {
    expect(() => createZip([{ name: 'a', content: '' }, { name: 'a', content: '' }])).toThrow(/two files are called "a"/);
    expect(() => createZip([{ name: '/etc/x', content: '' }])).toThrow(/not a relative path/);
  });
});
