/**
 * BCC's search for kernel headers, as a shell script the machine carries at
 * /usr/share/bcc/find-kheaders.sh: the same steps, in the same order, as
 * bcc's src/cc/frontends/clang/loader.cc and kbuild_helper.cc
 * (get_proc_kheaders, extract_kheaders), with the ownership checks added
 * for CVE-2024-2314 (bcc #4928). Written for the playground; BCC itself is C++.
 */
export const BCC_LOADER_PATH = '/usr/share/bcc/find-kheaders.sh';

export const BCC_LOADER_SCRIPT = `#!/bin/bash
# Where BCC finds the running kernel's headers, step by step.
rel=$(uname -r)

# 1. A build tree: BCC_KERNEL_SOURCE, else /lib/modules/<release>/build.
build=\${BCC_KERNEL_SOURCE:-/lib/modules/$rel/build}
if [ -e "$build/include/linux/kconfig.h" ]; then
  echo "headers: $build"
  exit 0
fi

# 2. Headers unpacked before, keyed by the release string alone.
dir=\${TMPDIR:-/tmp}/kheaders-$rel
if [ -d "$dir" ]; then
  if [ "$(stat -c %u "$dir")" != 0 ]; then
    echo "ERROR: header file ownership unexpected: $dir" >&2
    exit 1
  fi
  echo "headers: $dir (reused as found)"
  exit 0
fi

# 3. The kernel's own archive, loading kheaders.ko only when the file is absent.
archive=/sys/kernel/kheaders.tar.xz
loaded=no
if [ ! -e "$archive" ]; then
  if ! modprobe kheaders; then
    echo "Unable to find kernel headers. Try rebuilding kernel with CONFIG_IKHEADERS=m (module) or installing the kernel development package for your running kernel version." >&2
    exit 1
  fi
  loaded=yes
fi
status=0
if [ "$(stat -c %u "$archive")" != 0 ]; then
  echo "ERROR: header file ownership unexpected: $archive" >&2
  status=1
else
  # Unpack beside the final name, then rename: a second BCC never sees half a tree.
  tmp=$(mktemp -d "$dir-XXXXXX")
  if tar -xf "$archive" -C "$tmp" && mv "$tmp" "$dir"; then
    echo "headers: $dir"
  else
    rm -rf "$tmp"
    echo "Unable to extract kernel headers" >&2
    status=1
  fi
fi

# 4. Unload the module only if this run loaded it.
if [ $loaded = yes ]; then rmmod kheaders; fi
exit $status
`;
