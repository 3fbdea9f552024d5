/**
 * Big archives for bench/load-held.mjs, generated here and deleted after:
 * a tar of many small files (entries), a big tar (mounted), and an .xz
 * whose index says it decodes past xz.maxOutputBytes (refused). Each is
 * opened by URL, as a picked File and as bytes through the page's machine, each in a fresh
 * renderer, whose peak resident size (VmHWM) is read from /proc; progress
 * events are counted with the longest gap between two.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

/** One ustar header (name, size; mode 0644, owner 0/0). */
function header(name, size) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  const octal = (v, at, len) => h.write(`${v.toString(8).padStart(len - 1, '0')}\0`, at, len);
  octal(0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(1_700_000_000, 136, 12);
  h.fill(0x20, 148, 156);
  h[156] = 0x30;
  h.write('ustar\u000000', 257, 8, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return h;
}

/** Writes a tar of `count` files of `size` bytes (text, so it also compresses like text). */
function writeTar(file, count, size) {
  const fd = openSync(file, 'w');
  const body = Buffer.alloc(Math.ceil(size / 512) * 512);
  for (let i = 0; i < size; i++) body[i] = 0x61 + (i % 26);
  for (let i = 0; i < count; i++) {
    writeSync(fd, header(`d${Math.floor(i / 1000)}/f${i}`, size));
    writeSync(fd, body);
  }
  writeSync(fd, Buffer.alloc(1024));
  closeSync(fd);
  return statSync(file).size;
}

/** Peak and current resident size (MiB) of every renderer, from /proc. */
async function rendererMemory(browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const out = [];
    for (const p of processInfo.filter((q) => q.type === 'renderer')) {
      try {
        const status = (await import('node:fs')).readFileSync(`/proc/${p.id}/status`, 'utf8');
        const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
        out.push({ pid: p.id, hwm: kb('VmHWM'), rss: kb('VmRSS') });
      } catch {
        // The process ended meanwhile.
      }
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Opens one archive in a fresh page (its own renderer); returns what happened and the peak. */
async function openOnce(browser, baseUrl, url, how, memory, file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(baseUrl);
    await page.locator('kh-terminal[ready]').waitFor({ timeout: 300_000 });
    if (how === 'file') {
      // A real picked File (disk-backed, as the file chooser gives it), not a Blob made in the page.
      await page.evaluate(() => {
        const picker = document.createElement('input');
        picker.type = 'file';
        picker.id = 'bench-picker';
        document.body.append(picker);
      });
      await page.locator('#bench-picker').setInputFiles(file);
    }
    const measuredBefore = (await memory(page)).total;
    const before = await rendererMemory(browser);
    const r = await page.evaluate(
      async ([u, by]) => {
        const machine = document.querySelector('kh-app').machine;
        const times = [];
        const onProgress = () => times.push(performance.now());
        const start = performance.now();
        const name = u.split('/').pop();
        // file: the picked File as the page hands it over (the worker reads it);
        // bytes: a buffer an API caller hands over. Response.arrayBuffer() itself
        // peaks at twice the size in the renderer, a Blob's does not.
        const picked = document.querySelector('#bench-picker')?.files[0];
        const blob = by === 'bytes' ? await (await fetch(u)).blob() : undefined;
        const source =
          by === 'file'
            ? { kind: 'blob', blob: picked, name }
            : by === 'bytes'
              ? { kind: 'bytes', bytes: new Uint8Array(await blob.arrayBuffer()), name }
              : { kind: 'url', url: u, name };
        const t0 = performance.now();
        try {
          const s = await machine.loadArchive(source, onProgress);
          const end = performance.now();
          const gaps = [...times, end].map((t, i, all) => t - (all[i - 1] ?? t0));
          return {
            ok: true,
            ms: performance.now() - start,
            events: times.length,
            maxGap: Math.max(0, ...gaps),
            decoded: s.decodedBytes,
          };
        } catch (err) {
          return {
            ok: false,
            ms: performance.now() - start,
            events: times.length,
            message: String(err.message ?? err),
          };
        }
      },
      [url, how],
    );
    const after = await rendererMemory(browser);
    const kept = (await memory(page)).total - measuredBefore;
    const fresh = after.filter((a) => !before.some((b) => b.pid === a.pid && b.hwm === a.hwm));
    const top = (fresh.length ? fresh : after).reduce((m, a) => (a.hwm > m.hwm ? a : m));
    // The same renderer's size before: another one still closing must not count.
    const base =
      before.find((b) => b.pid === top.pid)?.rss ?? Math.min(...before.map((b) => b.rss));
    return { ...r, peak: top.hwm, base, kept };
  } finally {
    await context.close();
  }
}

export async function bigArchives({ browser, baseUrl, memory }) {
  const dir = path.join(root, 'dist', 'load-tmp');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  try {
    const many = path.join(dir, 'many.tar');
    const big = path.join(dir, 'big.tar');
    const refused = path.join(dir, 'over-limit.tar.xz');
    const inputs = [
      { file: many, what: '99,000 files of 100 B', size: writeTar(many, 99_000, 100) },
      { file: big, what: '2,000 files of 128 KiB', size: writeTar(big, 2_000, 128 * 1024) },
    ];
    // 1.1 GiB of zeros: a few MB of xz, whose index says it decodes past xz.maxOutputBytes.
    execFileSync('bash', [
      '--norc',
      '-c',
      `head -c ${1100 * MB} /dev/zero | xz -0 -T1 > '${refused}'`,
    ]);
    inputs.push({ file: refused, what: 'xz of 1,100 MiB zeros', size: statSync(refused).size });
    for (const input of inputs) {
      for (const how of ['url', 'file', 'bytes']) {
        const url = new URL(`load-tmp/${path.basename(input.file)}`, baseUrl).href;
        const r = await openOnce(browser, baseUrl, url, how, memory, input.file);
        rows.push({ ...input, how, ...r });
        console.log(
          input.what,
          how,
          r.ok ? 'mounted' : `refused: ${r.message}`,
          `peak ${r.peak.toFixed(0)} MiB`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The rows as the figures' table. */
export function archiveTable(rows) {
  const fmt = (n) => n.toFixed(0);
  let md = `### Big archives (generated, then deleted), each in a fresh renderer\n\n`;
  md += `Peak is the renderer's VmHWM; "before" its resident size at the prompt, before the archive; "kept after" what measureUserAgentSpecificMemory() counts after the load beyond before it (a mount keeps its tar).\n\n`;
  md += `Goal (issue 18): peak − before ≤ 1.3 × the tar's size + 64 MiB, by any path. Paths: url (streamed from the server), file (a picked File, as the page opens one: the worker reads it), bytes (a buffer an API caller hands over; the page keeps a Blob of it for a restart before the worker starts).\n\n`;
  md += `| archive | file | path | result | tar MiB | peak MiB | before MiB | peak − before | kept after | goal | progress events | longest gap ms |\n|---|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|\n`;
  for (const r of rows) {
    const result = r.ok
      ? `mounted in ${fmt(r.ms)} ms`
      : `refused in ${fmt(r.ms)} ms: ${r.message.slice(0, 90)}…`;
    const file =
      r.size >= MB ? `${(r.size / MB).toFixed(1)} MiB` : `${(r.size / 1024).toFixed(0)} KiB`;
    const tar = r.ok ? r.decoded / MB : undefined;
    const used = r.peak - r.base;
    const goal =
      tar === undefined
        ? 'nothing kept'
        : used <= 1.3 * tar + 64
          ? 'met'
          : `**no** (${fmt(1.3 * tar + 64)})`;
    md += `| ${r.what} | ${file} | ${r.how} | ${result.replace(/\|/g, '\\|')} | ${tar === undefined ? '—' : fmt(tar)} | ${fmt(r.peak)} | ${fmt(r.base)} | ${fmt(used)} | ${fmt(r.kept)} | ${goal} | ${r.events} | ${r.ok ? fmt(r.maxGap) : '—'} |\n`;
  }
  return `${md}\n`;
}
