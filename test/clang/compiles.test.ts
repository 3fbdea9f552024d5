/**
 * The clang tests that compile, in one page. Each spec is a file of its own
 * idea; one page lets them share the realm's compiled clang
 * (src/worker/clang/compiled-modules.ts), as the machines of one tab do, so
 * clang's 75 MB is fetched, unpacked and compiled by V8 once here, not once
 * per file (each file is a fresh browser context). clang-warm-up and
 * clang-unreachable need a page where clang never ran: they stay apart.
 */
import './clang-stdout.spec';
import './clang-offsets.spec';
import './clang-warm.spec';
import './clang-interrupt.spec';
import './kh-check-headers.spec';
import './kh-layout.spec';
import './lesson-headers-match.spec';
