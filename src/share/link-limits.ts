/**
 * What a share link may carry, and what the page keeps of a session. A link
 * is data from a stranger: each bound keeps a hostile one from stalling the
 * tab, and every message that trips one names it (`link.maxCommands`).
 */
export const LINK_LIMITS = {
  /** Past this many characters a link's fields are compressed (deflate-raw + base64url). */
  compressFromChars: 2_000,
  /** The longest link we write: chat tools and address bars cut longer ones. */
  maxChars: 16_000,
  /** The longest fragment we read at all; longer ones are refused unread. */
  maxFragmentChars: 65_536,
  /** Characters a compressed field may inflate to (a deflate bomb stops here). */
  maxInflatedChars: 65_536,
  /** Commands one link may replay. */
  maxCommands: 500,
  /** Characters of one command to replay. */
  maxCommandChars: 4_096,
} as const;

export const SESSION_LIMITS = {
  /** Commands the page remembers since boot, for the share link. */
  maxCommands: 2_000,
  /** Characters of one remembered command; longer ones are kept out. */
  maxCommandChars: LINK_LIMITS.maxCommandChars,
} as const;

/** `link.maxCommands = 500` style naming for messages. */
export const limitName = (group: 'link' | 'session', key: string, value: number) =>
  `${group}.${key} = ${value.toLocaleString('en')}`;

/** These limits as rows of the one limits table (test/limits/limit-table.ts, docs/figures.md). */
export function shareLimitRows() {
  const L = LINK_LIMITS;
  const S = SESSION_LIMITS;
  const row = (name: string, value: number, unit: 'bytes' | 'count', guards: string) => ({
    name,
    value,
    unit,
    guards,
  });
  return [
    row(
      'link.compressFromChars',
      L.compressFromChars,
      'count',
      'characters before a link is packed',
    ),
    row('link.maxChars', L.maxChars, 'count', 'characters of a link we write'),
    row('link.maxFragmentChars', L.maxFragmentChars, 'count', 'characters of a link we read'),
    row(
      'link.maxInflatedChars',
      L.maxInflatedChars,
      'count',
      'a packed link, unpacked (deflate bombs)',
    ),
    row('link.maxCommands', L.maxCommands, 'count', 'commands one link replays'),
    row('link.maxCommandChars', L.maxCommandChars, 'count', 'characters of one replayed command'),
    row('session.maxCommands', S.maxCommands, 'count', 'commands remembered since boot for a link'),
    row(
      'session.maxCommandChars',
      S.maxCommandChars,
      'count',
      'characters of one remembered command',
    ),
  ];
}
