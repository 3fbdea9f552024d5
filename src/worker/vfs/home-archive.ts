/**
 * The home disk taken away and brought back: /root and /home as one
 * .tar.gz (GNU format, names `root/…` and `home/…`, with modes, owners and
 * mtimes), and such an archive written back over them as `tar -xzf -C /`
 * would: members replace what has their name, everything else stays.
 */
import type { IFileSystem } from 'just-bash';
import { gunzip, gzip } from '../kernel/gzip';
import { indexTar } from '../tar/tar-index';
import { writeTar, type TarMember } from '../tar/tar-writer';
import type { HomeDisk } from './home-disk';

const NAMES: Record<number, string> = { 0: 'root' };

/** Every entry under /root and /home, parents first, as a gzipped tar. */
export async function exportHome(disk: HomeDisk): Promise<Uint8Array> {
  await disk.flush();
  const members: TarMember[] = [];
  for (const m of disk.mounts) {
    const paths = m.getAllPaths().sort();
    for (const rel of paths) {
      const full = m.full(rel);
      const st = await m.lstat(rel);
      const { uid, gid } = disk.ownerOf(full);
      const base = {
        mode: st.mode,
        uid,
        gid,
        uname: NAMES[uid] ?? '',
        gname: NAMES[gid] ?? '',
        mtime: Math.floor(st.mtime.getTime() / 1000),
      };
      const name = full.slice(1);
      if (st.isDirectory) members.push({ ...base, name: `${name}/`, type: 'directory' });
      else if (st.isSymbolicLink) {
        members.push({ ...base, name, type: 'symlink', target: await m.readlink(rel) });
      } else members.push({ ...base, name, type: 'file', body: await m.readFileBuffer(rel) });
    }
  }
  return gzip(writeTar(members));
}

export interface ImportResult {
  files: number;
  /** Members left out: not under root/ or home/, or of a kind the disk does not keep. */
  skipped: string[];
}

/**
 * Writes a home archive (.tar.gz or plain .tar) back through the machine's
 * filesystem. Only members under root/ and home/ are taken.
 */
export async function importHome(
  fs: IFileSystem,
  disk: HomeDisk,
  bytes: Uint8Array,
): Promise<ImportResult> {
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const tar = indexTar(gz ? await gunzip(bytes) : bytes);
  const skipped: string[] = [];
  let files = 0;
  const dirs: [string, number][] = [];
  for (const e of tar.entries) {
    const path = `/${e.path}`;
    if (!/^\/(root|home)(\/|$)/.test(path)) {
      skipped.push(e.name);
      continue;
    }
    const mtime = new Date(e.mtime * 1000);
    if (e.type === 'directory') {
      await fs.mkdir(path, { recursive: true });
      dirs.push([path, e.mtime]);
    } else if (e.type === 'file') {
      await fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
      await fs.writeFile(path, tar.bytes.slice(e.dataOffset, e.dataOffset + e.size));
      files++;
    } else if (e.type === 'symlink' && !e.linkEscapes) {
      await fs.rm(path, { force: true });
      await fs.symlink(e.linkTarget ?? '', path);
      files++;
      continue;
    } else {
      skipped.push(e.name);
      continue;
    }
    await fs.chmod(path, e.mode & 0o7777);
    disk.chownPath(path, e.uid, e.gid);
    if (e.type === 'file') await fs.utimes(path, mtime, mtime);
  }
  // A directory's time last, after its contents stopped changing it.
  for (const [path, t] of dirs) await fs.utimes(path, new Date(t * 1000), new Date(t * 1000));
  await disk.flush();
  return { files, skipped };
}
