# The kernel's and kmod's output formats, computed from the natively
# extracted archive (h/) and setup's manifest, for rows of table.json where
# no native run can exist. Each function names the source that defines it.

# A #define's string value from one of the archive's generated headers.
gen() { sed -n "s/^#define $1[[:space:]]*\"\(.*\)\"/\1/p" "h/include/generated/$2"; }

release() { gen UTS_RELEASE utsrelease.h; }

# init/Makefile (6.1) filechk_uts_version: #<version> SMP <preempt> <KBUILD_BUILD_TIMESTAMP>;
# the last preempt flag set wins (PREEMPT_BUILD, then PREEMPT_DYNAMIC, then PREEMPT_RT).
uts_version() {
  local conf=h/include/generated/autoconf.h v='#1' p=''
  grep -q '^#define CONFIG_SMP 1' $conf && v="$v SMP"
  grep -q '^#define CONFIG_PREEMPT_BUILD 1' $conf && p=PREEMPT
  grep -q '^#define CONFIG_PREEMPT_DYNAMIC 1' $conf && p=PREEMPT_DYNAMIC
  grep -q '^#define CONFIG_PREEMPT_RT 1' $conf && p=PREEMPT_RT
  [ -n "$p" ] && v="$v $p"
  # setup handed KBUILD_BUILD_TIMESTAMP to the build and recorded it in the manifest
  local stamp
  stamp=$(sed -n 's/.*"timestamp": "\(.*\)".*/\1/p' "$MANIFEST")
  echo "$v $stamp" | cut -b -64
}

# init/version.c linux_proc_banner: "%s version %s (" LINUX_COMPILE_BY "@" LINUX_COMPILE_HOST ") (" LINUX_COMPILER ") %s\n"
proc_version() {
  echo "Linux version $(release) ($(gen LINUX_COMPILE_BY compile.h)@$(gen LINUX_COMPILE_HOST compile.h)) ($(gen LINUX_COMPILER compile.h)) $(uts_version)"
}
