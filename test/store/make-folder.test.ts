// makeFolder: the folders of the database and of publicDir, made without Node 20's recursive mkdir,
// which never returns in /proc (mkdir answers ENOENT there although the parent exists).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/make-folder.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('makeFolder', () => {
  it('makes a folder and its missing parents, and leaves an existing one as it is', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-folder-'));
    makeFolder(path.join(dir, 'a/b/c'));
    expect(statSync(path.join(dir, 'a/b/c')).isDirectory()).toBe(true);
    makeFolder(path.join(dir, 'a/b/c'));
    makeFolder(dir);
  });

  it('fails on a file in the way with the errno code recursive mkdir gives', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-folder-'));
    writeFileSync(path.join(dir, 'taken'), '');
    expect(() => makeFolder(path.join(dir, 'taken'))).toThrow(expect.objectContaining({ code: 'EEXIST', path: path.join(dir, 'taken') }));
    expect(() => makeFolder(path.join(dir, 'taken/public/feeds'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // existsSync follows the link and says no, mkdir of the link's name says EEXIST: that is not "made meanwhile".
  it.each([
    ['the folder itself', 'dangling'],
    ['a parent', 'dangling/public/feeds'],
  ])('fails with EEXIST on a dangling symbolic link as %s', (_, below) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-folder-'));
    symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
    expect(() => makeFolder(path.join(dir, below))).toThrow(expect.objectContaining({ code: 'EEXIST', path: path.join(dir, 'dangling') }));
  });

  // With recursive mkdir, each of these ran until SIGKILL; a bounded walk fails at once with the reason. The config
  // check refuses /proc as written, so the folders are reached through a symbolic link, which that check cannot see.
  it.skipIf(!existsSync('/proc/self'))('fails with the reason in /proc instead of looping forever', { timeout: 60_000 }, () => {
    const cli = path.join(root, 'src/cli/main.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-folder-'));
    const proc = path.join(dir, 'proc-link');
    symlinkSync('/proc', proc);
    const config = (database: string, publicDir: string) => {
      const file = path.join(dir, `${path.basename(publicDir)}-${path.basename(database)}.json`);
      writeFileSync(
        file,
        JSON.stringify({ database, publicDir, sources: [{ id: 'a', url: path.join(root, 'data/samples/dpa-newsticker.rss') }] }),
      );
      return file;
    };
    const poll = (file: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', cli, 'poll', '--once', '--config', file], {
        cwd: root,
        timeout: 20_000,
        killSignal: 'SIGKILL',
        encoding: 'utf8',
      });

    const publish = poll(config(path.join(dir, 'f.db'), path.join(proc, 'feedmerge-public')));
    expect(publish.signal).toBeNull();
    expect(publish.status).toBe(1);
    expect(publish.stderr).toContain(
      `cannot create folder "${proc}/feedmerge-public": its parent "${proc}" exists but takes no new folders`,
    );

    const database = poll(config(path.join(proc, 'feedmerge-data/f.db'), path.join(dir, 'public')));
    expect(database.signal).toBeNull();
    expect(database.status).toBe(3);
    expect(database.stderr).toContain(`cannot create folder "${proc}/feedmerge-data"`);
  });
});
