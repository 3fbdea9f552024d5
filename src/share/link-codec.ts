/**
 * Long links, compressed: everything after `v=1&a=…` goes into one field
 * `z=`, deflate-raw (CompressionStream, in every current browser) then
 * base64url. Short links stay readable; only long ones are packed.
 */
import { LINK_LIMITS, limitName } from './link-limits';

const ZFIELD = /(^|&)z=([A-Za-z0-9_-]*)(?=&|$)/;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, stopping as soon as the text passes maxChars (a deflate bomb). */
async function inflate(bytes: Uint8Array, maxChars: number): Promise<string | undefined> {
  const input = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
  const reader = input.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > maxChars) {
      await reader.cancel();
      return undefined;
    }
  }
  return text + decoder.decode();
}

/** Splits `#v=1&a=…&rest` into the head kept readable and the rest. */
function split(hash: string): { head: string; rest: string } {
  const parts = hash.replace(/^#/, '').split('&');
  const head = parts.filter((p) => /^[va]=/.test(p));
  const rest = parts.filter((p) => !/^[va]=/.test(p));
  return { head: head.join('&'), rest: rest.join('&') };
}

/** The link itself when short, else its fields after `a` packed into `z=`. */
export async function packLink(hash: string): Promise<string> {
  if (hash.length <= LINK_LIMITS.compressFromChars) return hash;
  const { head, rest } = split(hash);
  if (!rest) return hash;
  const packed = `#${head}&z=${toBase64Url(await deflate(rest))}`;
  return packed.length < hash.length ? packed : hash;
}

export type UnpackResult = { ok: true; hash: string } | { ok: false; error: string };

/** A link with its `z=` field opened back into fields; links without one pass through. */
export async function unpackLink(hash: string): Promise<UnpackResult> {
  const body = hash.replace(/^#/, '');
  const m = ZFIELD.exec(body);
  if (!m || !body.startsWith('v=')) return { ok: true, hash };
  const fail = (why: string): UnpackResult => ({
    ok: false,
    error: `This link could not be read (its compressed part ${why}). The playground opened as usual; ask for a fresh link.`,
  });
  if (body.length > LINK_LIMITS.maxFragmentChars)
    return fail(
      `is too long: links are read up to ${limitName('link', 'maxFragmentChars', LINK_LIMITS.maxFragmentChars)}`,
    );
  let text: string | undefined;
  try {
    text = await inflate(fromBase64Url(m[2]), LINK_LIMITS.maxInflatedChars);
  } catch {
    return fail('is damaged: it is not deflate-raw data in base64url');
  }
  if (text === undefined)
    return fail(
      `expands past ${limitName('link', 'maxInflatedChars', LINK_LIMITS.maxInflatedChars)} characters`,
    );
  const rest = body.replace(ZFIELD, '').replace(/^&|&$/g, '');
  return { ok: true, hash: `#${[rest, text].filter(Boolean).join('&')}` };
}
