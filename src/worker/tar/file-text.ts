// Turning a file's bytes into the string an encoding asks for, without
// Node's Buffer. Chromium refuses views over a resizable ArrayBuffer (the
// decoder's growing output) in TextDecoder and Blob, so those are copied
// into a fixed buffer first; Node-like decoders get plain bytes either way.

export type TextEncodingName = 'utf8' | 'utf-8' | 'ascii' | 'binary' | 'latin1' | 'base64' | 'hex';

const utf8 = new TextDecoder();
const CHUNK = 0x2000;

/** The bytes, over a buffer that TextDecoder, Blob and WebCrypto accept. */
export function fixedView(bytes: Uint8Array): Uint8Array {
  const buffer = bytes.buffer as ArrayBuffer | SharedArrayBuffer;
  const resizable = buffer instanceof ArrayBuffer ? buffer.resizable : buffer.growable;
  return resizable ? bytes.slice() : bytes;
}

/** UTF-8 text of bytes anywhere, resizable buffers included (short ASCII needs no decoder). */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length <= 256) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) ascii = false;
    if (ascii) return String.fromCharCode(...bytes);
  }
  return utf8.decode(fixedView(bytes));
}

/** One char per byte (latin1): what just-bash's ByteString holds. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return s;
}

export function decodeText(bytes: Uint8Array, encoding: TextEncodingName = 'utf8'): string {
  switch (encoding) {
    case 'utf8':
    case 'utf-8':
      return decodeUtf8(bytes);
    case 'binary':
    case 'latin1':
      return latin1(bytes);
    case 'ascii':
      // As Node decodes 'ascii': the high bit of each byte is dropped.
      return latin1(bytes.map((b) => b & 0x7f));
    case 'base64':
      return btoa(latin1(bytes));
    case 'hex': {
      let s = '';
      for (const b of bytes) s += b.toString(16).padStart(2, '0');
      return s;
    }
  }
}
