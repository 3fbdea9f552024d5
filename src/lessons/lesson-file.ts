/**
 * A lesson a teacher writes: a Markdown file, read here into the same
 * Lesson the built-in ones are. The format (README, "Write your own lesson"):
 *
 *   ---
 *   id: my-lesson              (lowercase letters, digits, dashes)
 *   title: Where BCC keeps its headers
 *   ---
 *
 *   ## Load the module        a step: its title
 *   modules: kheaders         settings, right under the title (all optional):
 *   file: /sys/kernel/kheaders.tar.xz   config, modules, file, lines, cwd,
 *   user: student             the shell's user after the commands,
 *   without: kmod xz-utils    packages the machine's image lacks
 *
 *   A paragraph of text; `code` in backticks. A blank line ends it.
 *
 *   ```sh
 *   lsmod                     commands the step runs, one per line
 *   ```
 *
 * Nothing in the file is markup: the text is shown as text. A file that
 * breaks a rule is refused as a whole with the line that broke it.
 */
import type { KernelConfig, ModuleName, Tristate } from '../shared/worker-api';
import { LINK_LIMITS } from '../share/link-limits';
import { MODULES, PACKAGES, USERS } from '../share/share-state';
import { SYSFS, type Lesson, type LessonStep, type StepState } from './lesson-types';

/** What a lesson file may hold, so a stranger's file cannot swamp the page. */
export const LESSON_FILE_LIMITS = {
  maxBytes: 256 * 1024,
  maxSteps: 100,
  maxCommandsPerStep: 50,
};

export class LessonFileError extends Error {
  constructor(
    readonly where: string,
    readonly line: number,
    why: string,
  ) {
    super(`${where}, line ${line}: ${why}`);
    this.name = 'LessonFileError';
  }
}

const ID = /^[a-z0-9-]{1,40}$/;
const SETTINGS = ['config', 'modules', 'file', 'lines', 'cwd', 'user', 'without'] as const;
type Setting = (typeof SETTINGS)[number];

/** Reads a lesson file's text; `where` names it in errors (a URL or a file name). */
export function parseLessonFile(text: string, where: string, builtInIds: string[]): Lesson {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fail = (n: number, why: string): never => {
    throw new LessonFileError(where, n, why);
  };
  if (text.length > LESSON_FILE_LIMITS.maxBytes)
    fail(
      1,
      `the file is ${text.length.toLocaleString('en')} characters; a lesson may have at most ${LESSON_FILE_LIMITS.maxBytes.toLocaleString('en')}`,
    );
  if (/[\0\x1b]/.test(text)) {
    const at = lines.findIndex((l) => /[\0\x1b]/.test(l)) + 1;
    fail(at, 'it holds a NUL or escape character; a lesson is plain text');
  }
  const { id, idLine, title, next } = frontMatter(lines, fail);
  if (builtInIds.includes(id))
    fail(idLine, `"${id}" is the id of a built-in lesson; choose another`);
  const steps: LessonStep[] = [];
  let i = next;
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^##\s/.test(line)) {
      if (steps.length >= LESSON_FILE_LIMITS.maxSteps)
        fail(i + 1, `more than ${LESSON_FILE_LIMITS.maxSteps} steps`);
      const read = readStep(lines, i, fail);
      steps.push(read.step);
      i = read.next;
    } else if (line.trim() === '') i++;
    else fail(i + 1, 'text before the first step; start each step with a "## " title line');
  }
  if (!steps.length) fail(lines.length, 'no steps; each step starts with a "## " title line');
  return { id, title, steps };
}

type Fail = (n: number, why: string) => never;

function frontMatter(lines: string[], fail: Fail) {
  if (lines[0]?.trim() !== '---')
    fail(1, 'a lesson starts with a front matter: "---", then id: and title: lines, then "---"');
  const fields = new Map<string, { value: string; line: number }>();
  let i = 1;
  for (; i < lines.length && lines[i]!.trim() !== '---'; i++) {
    if (!lines[i]!.trim()) continue;
    const m = /^(\w+):\s*(.*)$/.exec(lines[i]!);
    if (!m)
      fail(i + 1, `"${clip(lines[i]!)}" is not "key: value" (front matter needs id: and title:)`);
    const [, key, value] = m!;
    if (key !== 'id' && key !== 'title')
      fail(i + 1, `unknown front matter key "${clip(key!)}" (known: id, title)`);
    fields.set(key!, { value: value!.trim(), line: i + 1 });
  }
  if (i >= lines.length) fail(1, 'the front matter has no closing "---" line');
  const id = fields.get('id') ?? { value: '', line: i + 1 };
  const title = fields.get('title')?.value ?? '';
  if (!ID.test(id.value))
    fail(id.line, `the id "${clip(id.value)}" must be 1-40 lowercase letters, digits or dashes`);
  if (!title) fail(i + 1, 'the front matter has no title:');
  return { id: id.value, idLine: id.line, title, next: i + 1 };
}

/** One step, from its "## " line to the next one. */
function readStep(lines: string[], at: number, fail: Fail) {
  const title = lines[at]!.replace(/^##\s+/, '').trim();
  if (!title) fail(at + 1, 'a step title is empty');
  const state: StepState = { config: { ...SYSFS } };
  const text: string[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) text.push(para.join(' '));
    para = [];
  };
  let i = at + 1;
  // Settings: "key: value" lines right under the title.
  for (; i < lines.length; i++) {
    const m = /^([a-z]+):\s*(.*)$/.exec(lines[i]!);
    if (!m) break;
    if (!(SETTINGS as readonly string[]).includes(m[1]!))
      fail(i + 1, `unknown step setting "${m[1]}" (known: ${SETTINGS.join(', ')})`);
    const why = applySetting(state, m[1] as Setting, m[2]!.trim());
    if (why) fail(i + 1, why);
  }
  for (; i < lines.length && !/^##\s/.test(lines[i]!); i++) {
    const line = lines[i]!;
    if (/^```/.test(line)) {
      endPara();
      const fence = i + 1;
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) {
        const cmd = lines[i]!.trim();
        if (!cmd || cmd.startsWith('#')) continue;
        if (cmd.length > LINK_LIMITS.maxCommandChars)
          fail(
            i + 1,
            `a command of ${cmd.length.toLocaleString('en')} characters; at most ${LINK_LIMITS.maxCommandChars.toLocaleString('en')}`,
          );
        (state.commands ??= []).push(cmd);
        if (state.commands.length > LESSON_FILE_LIMITS.maxCommandsPerStep)
          fail(i + 1, `more than ${LESSON_FILE_LIMITS.maxCommandsPerStep} commands in one step`);
      }
      if (i >= lines.length) fail(fence, 'a ``` block is never closed');
    } else if (line.trim() === '') endPara();
    else if (/^#\s/.test(line)) fail(i + 1, 'a "# " heading inside a step; steps start with "## "');
    else para.push(line.trim());
  }
  endPara();
  if (!text.length && !state.commands)
    fail(at + 1, `the step "${clip(title)}" has no text and no commands`);
  if (state.from && !state.file)
    fail(at + 1, `the step "${clip(title)}" selects lines but names no file:`);
  return { step: { title, text, state }, next: i };
}

const TRI = new Set(['y', 'm', 'n']);

/** Puts one setting into the step's state; returns what is wrong with it. */
function applySetting(state: StepState, key: Setting, value: string): string | undefined {
  switch (key) {
    case 'config': {
      const config: KernelConfig = { ...SYSFS };
      for (const word of value.split(/\s+/).filter(Boolean)) {
        const m = /^(IKHEADERS|IKCONFIG|IKCONFIG_PROC|era)=(\S+)$/.exec(word);
        if (!m)
          return `config: "${clip(word)}" is not IKHEADERS=, IKCONFIG=, IKCONFIG_PROC= or era=`;
        const [, k, v] = m;
        if (k === 'era') {
          if (v !== 'sysfs' && v !== 'proc')
            return `config: era is sysfs or proc, not "${clip(v!)}"`;
          config.era = v === 'proc' ? 'proc-5.2-rc1' : 'sysfs-5.2-rc4';
        } else if (k === 'IKCONFIG_PROC') {
          if (v !== 'y' && v !== 'n') return `config: IKCONFIG_PROC is y or n, not "${clip(v!)}"`;
          config.IKCONFIG_PROC = v === 'y';
        } else {
          if (!TRI.has(v!)) return `config: ${k} is y, m or n, not "${clip(v!)}"`;
          config[k as 'IKHEADERS' | 'IKCONFIG'] = v as Tristate;
        }
      }
      state.config = config;
      return;
    }
    case 'modules': {
      const names = value.split(/[\s,]+/).filter(Boolean);
      const bad = names.find((n) => !(MODULES as string[]).includes(n));
      if (bad) return `modules: there is no module "${clip(bad)}" (known: ${MODULES.join(', ')})`;
      state.modules = names as ModuleName[];
      return;
    }
    case 'file':
    case 'cwd':
      if (!value.startsWith('/')) return `${key}: "${clip(value)}" is not an absolute path`;
      if (key === 'file') state.file = value;
      else state.cwd = value;
      return;
    case 'user':
      if (value !== 'root' && !USERS.includes(value))
        return `user: there is no user "${clip(value)}" (known: root, ${USERS.join(', ')})`;
      if (value !== 'root') state.user = value;
      return;
    case 'without': {
      const names = value.split(/[\s,]+/).filter(Boolean);
      const bad = names.find((n) => !PACKAGES.includes(n));
      if (bad) return `without: there is no package "${clip(bad)}" (known: ${PACKAGES.join(', ')})`;
      state.absent = names;
      return;
    }
    case 'lines': {
      const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(value);
      const from = Number(m?.[1]);
      const to = m?.[2] ? Number(m[2]) : from;
      if (!m || from < 1 || to < from)
        return `lines: "${clip(value)}" is not N or N-M (from 1, M ≥ N)`;
      state.from = from;
      state.to = to;
      return;
    }
  }
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
