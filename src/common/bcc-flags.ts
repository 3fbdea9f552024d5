/**
 * The flags BCC compiles a program with against a kernel header tree
 * (bcc src/cc/frontends/clang/kbuild_helper.cc and loader.cc): the host
 * triple (BCC parses as the host, then hands IR to the BPF backend),
 * -nostdinc, the arch/include/generated/uapi search path, kconfig.h forced
 * in, and the BPF tracing defines.
 */
export const HOST_TRIPLE = 'x86_64-unknown-linux-gnu';

/** `x86_64` → `x86`: the arch/ directory (the kernel's SRCARCH). */
export const srcArch = (arch: string): string =>
  /^(x86_64|i[3-6]86)$/.test(arch) ? 'x86' : arch === 'aarch64' ? 'arm64' : arch;

export function bccFlags(root: string, arch = 'x86_64'): string[] {
  const a = `${root}/arch/${srcArch(arch)}`;
  const dirs = [
    `${a}/include`,
    `${a}/include/generated`,
    `${root}/include`,
    `${a}/include/uapi`,
    `${a}/include/generated/uapi`,
    `${root}/include/uapi`,
    `${root}/include/generated/uapi`,
  ];
  return [
    '-target',
    HOST_TRIPLE,
    '-nostdinc',
    ...dirs.flatMap((d) => ['-I', d]),
    '-include',
    `${root}/include/linux/kconfig.h`,
    '-D__KERNEL__',
    '-D__BPF_TRACING__',
    '-D__HAVE_BUILTIN_BSWAP16__',
    '-D__HAVE_BUILTIN_BSWAP32__',
    '-D__HAVE_BUILTIN_BSWAP64__',
    // The kernel's compiler-clang.h defines these too; BCC silences the same warning.
    '-Wno-macro-redefined',
    // The warnings BCC's loader.cc turns off: kernel headers take packed
    // members' addresses (processor.h's x86_hw_tss) and so on, by design.
    '-Wno-deprecated-declarations',
    '-Wno-gnu-variable-sized-type-not-at-end',
    '-Wno-pragma-once-outside-header',
    '-Wno-address-of-packed-member',
    '-Wno-unknown-warning-option',
    ...(srcArch(arch) === 'x86' ? ['-Wno-duplicate-decl-specifier'] : []),
  ];
}
