import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip, UnzipError } from '../../src/data/unzip';
import { createZip } from '../../src/data/zip';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('readZip', () => {
  it('reads back what createZip stores, names and bytes', async () => {
    const archive = createZip([{ name: 'roster.csv', content: 'id\nzoë\n' }, { name: 'zoë/problem.json', content: '{}' }]);
    const files = await readZip(archive);
    expect(files.map((file) => [file.name, text(file.bytes)])).toEqual([['roster.csv', 'id\nzoë\n'], ['zoë/problem.json', '{}']]);
  });

  it('inflates what the zip tool deflates, a folder’s files under their paths, folders left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-unzip-'));
    mkdirSync(join(dir, 'handed-in'));
    const long = JSON.stringify({ loss: 0.25, note: 'x'.repeat(5000) });
    writeFileSync(join(dir, 'handed-in/ann.json'), long);
    writeFileSync(join(dir, 'handed-in/bo.json'), '{"loss": 1}');
    execFileSync('zip', ['-q', '-r', '-9', 'answers.zip', 'handed-in'], { cwd: dir });
    const archive = new Uint8Array(readFileSync(join(dir, 'answers.zip')));
    // The long file really is compressed, so this reads deflated data.
    expect(archive.length).toBeLessThan(long.length);
    const files = await readZip(archive);
    expect(files.map((file) => file.name).sort()).toEqual(['handed-in/ann.json', 'handed-in/bo.json']);
    expect(text(files.find((file) => file.name === 'handed-in/ann.json')!.bytes)).toBe(long);
  });

  it('refuses what is not a ZIP, and an archive cut short, with a message', async () => {
    await expect(readZip(new TextEncoder().encode('{"not": "a zip"}'))).rejects.toThrow(new UnzipError('not a ZIP archive (no table of contents at its end)'));
    const archive = createZip([{ name: 'a.json', content: '{"loss": 1}' }]);
    const damaged = archive.slice();
    damaged.set([0, 0, 0, 0], 0);
    await expect(readZip(damaged)).rejects.toThrow(new UnzipError('a.json: its header is damaged'));
  });
});
