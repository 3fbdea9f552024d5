import globals from 'globals';
import tseslint from 'typescript-eslint';
import errorWords from './scripts/lint/error-words.mjs';

/** An import of one of these top-level folders of src/, at any depth of `../`. */
const into = (...folders) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: `The layers (README, "Where things live"): this folder does not import ${folders.join(', ')}.`,
});
/** Layer rules: what each folder of src/ may not import. Types from src/shared are for everyone. */
const layer = (files, patterns, allowTypeImports = false) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) },
    ],
  },
});

/** The shell's behaviour is just-bash's own, not ours patched into every function (issue #30). */
const prototypePatches = [
  "AssignmentExpression[left.object.object.name='Function'][left.object.property.name='prototype']",
  "AssignmentExpression[left.object.name='Function'][left.property.name='prototype']",
  "CallExpression[callee.object.name=/^(Object|Reflect)$/][arguments.0.object.name='Function'][arguments.0.property.name='prototype']",
].map((selector) => ({
  selector,
  message: 'No changes to Function.prototype: every function in the worker would carry them.',
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.cache/',
      'dist/',
      'public/clang/',
      'wasm/build/',
      'public/kernel/',
      'test/fixtures/generated/',
    ],
  },
  ...tseslint.configs.recommended,
  // Plain JavaScript has no compiler behind it: a name used but never imported
  // (setup's writeFileSync after a refactor) must fail here, not in CI's setup.
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-undef': 'error' },
  },
  // Tests and benches hand functions to the page (page.evaluate), and the
  // service worker runs in the browser: both see the browser's names too.
  {
    files: ['test/**/*.{js,mjs}', 'bench/**/*.{js,mjs}', 'public/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Errors are told apart by code or class, never by their words (issue #30).
  {
    files: ['src/**/*.ts'],
    plugins: { kh: { rules: { 'error-words': errorWords } } },
    rules: {
      'kh/error-words': 'error',
      'no-restricted-syntax': ['error', ...prototypePatches],
    },
  },
  // TODO(#30): live-session.ts still finds just-bash's interpreter by patching
  // Function.prototype.bind for one exec; drop this block once that is gone.
  { files: ['src/worker/shell/live-session.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // The contract is types only: nothing that runs comes in from either side.
  layer(['src/shared/**'], [into('worker', 'ui', 'client', 'share', 'lessons')], true),
  // Values both sides use: they lean on nothing but the contract's types.
  layer(['src/common/**'], [into('worker', 'ui', 'client', 'share', 'lessons')]),
  // The machine knows nothing of the page.
  layer(['src/worker/**'], [into('ui', 'client', 'share', 'lessons')]),
  // Share state and lessons are the page's data, below its elements; what they
  // share with the machine (BCC's flags, a module's size) is in src/common.
  layer(['src/share/**', 'src/lessons/**'], [into('ui', 'client', 'worker')]),
  // The bridge owns the worker; it shows nothing.
  layer(['src/client/**'], [into('ui', 'share', 'lessons')]),
  // Elements reach the machine only through the contract and the bridge.
  layer(['src/ui/**'], [into('worker')]),
);
