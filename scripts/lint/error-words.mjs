/**
 * ESLint rule `kh/error-words`: an error is told apart by what it is (an
 * FsError's `code`, its class), never by its words (issue #30; a message
 * is for people). Reports a question asked of an error's text: its
 * `.message`, `String(err)` of a caught error, or errnoText()'s words, put
 * to startsWith/includes/match..., to a RegExp's test/exec, to === or to a
 * switch, also through a variable that holds them
 * (`const msg = err instanceof Error ? err.message : String(err)`).
 * The one place that must read words (just-bash's errors carry no code)
 * says so with an eslint-disable comment: errno.ts, fromLibraryError.
 */

/** String methods that ask something of the text; rewording it (replace) decides nothing. */
const ASKING = new Set([
  'startsWith',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'match',
  'matchAll',
  'search',
  'localeCompare',
]);
const COMPARING = new Set(['===', '!==', '==', '!=']);

/** The variable an identifier names, looked up from its scope outwards. */
function variableOf(sourceCode, id) {
  for (let scope = sourceCode.getScope(id); scope; scope = scope.upper) {
    const v = scope.set.get(id.name);
    if (v) return v;
  }
  return undefined;
}

const isCaught = (sourceCode, node) =>
  node.type === 'Identifier' && variableOf(sourceCode, node)?.defs[0]?.type === 'CatchClause';

/** The node is an error's words (depth bounds the walk through consts). */
function isErrorText(sourceCode, node, depth = 0) {
  if (!node || depth > 4) return false;
  const again = (n) => isErrorText(sourceCode, n, depth + 1);
  switch (node.type) {
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'ChainExpression':
      return again(node.expression);
    case 'MemberExpression':
      return !node.computed && node.property.name === 'message';
    case 'ConditionalExpression':
      return again(node.consequent) || again(node.alternate);
    case 'LogicalExpression':
      return again(node.left) || again(node.right);
    case 'TemplateLiteral':
      return node.expressions.some((e) => again(e) || isCaught(sourceCode, e));
    case 'CallExpression': {
      const { callee } = node;
      if (callee.type === 'Identifier' && callee.name === 'errnoText') return true;
      if (callee.type === 'Identifier' && callee.name === 'String') {
        const [arg] = node.arguments;
        return again(arg) || isCaught(sourceCode, arg);
      }
      // err.toString() of a caught error
      return (
        callee.type === 'MemberExpression' &&
        callee.property.name === 'toString' &&
        isCaught(sourceCode, callee.object)
      );
    }
    case 'Identifier': {
      const def = variableOf(sourceCode, node)?.defs;
      return def?.length === 1 && def[0].type === 'Variable' && again(def[0].node.init);
    }
    default:
      return false;
  }
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'errors are told apart by code or class, not by their words' },
    messages: {
      words:
        "An error is told apart by its code or class, not its words: read an FsError's `code` (errno.ts, isErrno); just-bash's errors become FsErrors in fromLibraryError.",
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    const check = (subject, node) => {
      if (isErrorText(sourceCode, subject)) context.report({ node, messageId: 'words' });
    };
    return {
      CallExpression(node) {
        const { callee } = node;
        if (callee.type !== 'MemberExpression' || callee.computed) return;
        const name = callee.property.name;
        if (ASKING.has(name)) check(callee.object, node);
        else if (name === 'test' || name === 'exec') check(node.arguments[0], node);
      },
      BinaryExpression(node) {
        if (!COMPARING.has(node.operator)) return;
        check(node.left, node);
        check(node.right, node);
      },
      SwitchStatement(node) {
        check(node.discriminant, node);
      },
    };
  },
};
