/**
 * What our commands share: how they reach the kernel and the decoder, how
 * they read files and stdin as bytes, and how they return text or bytes.
 */
import type { Command, ExecResult, IFileSystem } from 'just-bash';
import type { Kernel } from '../kernel/kernel';
import type { Credentials } from '../kernel/users';
import type { XzResult } from '../xz/xz-result';
import { latin1 } from '../tar/file-text';

export type CommandCtx = Parameters<Command['execute']>[1];

export interface MachineServices {
  kernel: Kernel;
  /** Decodes xz; the same input buffer is decoded once and the result kept. */
  decodeXz(bytes: Uint8Array): Promise<XzResult>;
  /** The machine's files as the filesystem holds them (reads are not copied). */
  files?: IFileSystem;
  /** Who runs the command (root when absent). */
  creds?: Credentials;
}

/**
 * A command in just-bash's shape. Not its defineCommand: importing just-bash
 * here would load it with the worker instead of on the first command.
 */
export const command = (name: string, execute: Command['execute']): Command => ({
  name,
  trusted: true,
  execute,
});

export const ok = (stdout = ''): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ''): ExecResult => ({
  stdout,
  stderr,
  exitCode,
});

/** One char per byte, in chunks small enough for a worker's stack. */
export { latin1 } from '../tar/file-text';

export function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Output that pipes on as bytes (a decompressed tar, say). */
export const bytesOut = (bytes: Uint8Array): ExecResult => ({
  stdout: latin1(bytes),
  stderr: '',
  exitCode: 0,
  stdoutKind: 'bytes',
});

export const stdinBytes = (ctx: CommandCtx): Uint8Array =>
  fromLatin1(ctx.stdin as unknown as string);

export const resolve = (ctx: CommandCtx, path: string): string => ctx.fs.resolvePath(ctx.cwd, path);

export function readBytes(ctx: CommandCtx, path: string): Promise<Uint8Array> {
  return ctx.fs.readFileBuffer(resolve(ctx, path));
}

export type Fs = IFileSystem;

/**
 * Where bash would find a program: the first file of that name in $PATH's
 * directories, or undefined (a tool an image lacks, kh-image.ts).
 */
export async function onPath(ctx: CommandCtx, name: string): Promise<string | undefined> {
  for (const dir of (ctx.env.get('PATH') ?? '/usr/bin:/bin').split(':')) {
    if (!dir.startsWith('/')) continue;
    const file = `${dir === '/' ? '' : dir}/${name}`;
    const st = await ctx.fs.stat(file).catch(() => undefined);
    if (st && !st.isDirectory) return file;
  }
  return undefined;
}
