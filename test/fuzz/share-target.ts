/**
 * The share-link decoder on mutated links: every fragment either decodes
 * to a state that survives a round trip (encode, decode: the same state)
 * or gives the "could not be read" message; it never throws.
 */
import { decodeShareState, encodeShareState, type ShareState } from '../../src/share/share-state';
import type { Campaign } from './fuzz-runner';
import { FuzzFailure, type Outcome } from './fuzz-targets';
import { mutate, pick, type Random } from './mutate';

const SEED_LINKS = [
  '',
  '#v=1',
  '#v=1&a=6.1.0-kh:0123abcd&k=smy1&m=kheaders,configs&f=/tmp/kheaders-6.1.0/include/linux/kernel.h&L10-L14&p=presenter',
  '#v=1&u=https://example.com/kheaders.tar.xz&x=modprobe%20kheaders&x=ls%20-l%20/sys/kernel&l=first-steps.2',
  '#v=1&f=/mnt/a%20b/%3Cimg%3E.h&L3&x=tar%20-xf%20/sys/kernel/kheaders.tar.xz%20-C%20/tmp',
  '#file=/tmp/x/include/linux/types.h&L5-L9',
  '#/tmp/kheaders/include/linux/kernel.h:L1-L20',
  '#v=2&a=x:ffff',
];

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The state as encoding normalizes it: v is always the newest, 'split' is the default layout, no lines without a file. */
function normal(s: ShareState): ShareState {
  const rest: ShareState = { ...s, v: 0 };
  if (rest.layout === 'split') delete rest.layout;
  // A version 0 link may keep lines whose file did not survive; encoding drops them.
  if (!rest.file) {
    delete rest.from;
    delete rest.to;
  }
  return rest;
}

/** JSON with keys in order, so field order in the link does not matter. */
const canonical = (s: ShareState): string =>
  JSON.stringify(Object.fromEntries(Object.entries(s).sort(([x], [y]) => (x < y ? -1 : 1))));

export function shareOutcome(hash: string): Outcome {
  let r;
  try {
    r = decodeShareState(hash);
  } catch (err) {
    throw new FuzzFailure(
      `decodeShareState threw ${(err as Error)?.name}: ${(err as Error)?.message}`,
    );
  }
  if (!r.ok) {
    if (!/^This link could not be read \(.+\)/s.test(r.error)) {
      throw new FuzzFailure(`an error that does not say what: ${r.error.slice(0, 200)}`);
    }
    return 'rejected';
  }
  const again = decodeShareState(encodeShareState(r.state));
  if (!again.ok) throw new FuzzFailure(`its own encoding does not decode: ${again.error}`);
  const a = canonical(normal(r.state));
  const b = canonical(normal(again.state));
  if (a !== b) throw new FuzzFailure(`the round trip changes the state: ${a} -> ${b}`);
  return 'ok';
}

export const shareCampaign: Campaign<string> = {
  name: 'share-link decoder',
  contract:
    'decodes to a state that survives encode + decode, or says the link could not be read; never throws',
  generate(r: Random) {
    const seed = pick(r, SEED_LINKS);
    const m = mutate(r, enc.encode(seed), []);
    return { input: dec.decode(m.bytes), from: `${seed.slice(0, 30)}… (${m.kinds.join('+')})` };
  },
  run: async (hash) => shareOutcome(hash),
  encode: (hash) => enc.encode(hash),
};
