/**
 * What a loaded module occupies, as lsmod, /proc/modules and
 * /sys/module/<m>/coresize show it and the lessons quote it: the module's
 * core is its code page, its .rodata holding the embedded data
 * (kernel/kheaders.c and kernel/configs.c put it there with .incbin) rounded
 * up to a page, and a data page for struct module and the sysfs attribute.
 * x86_64 loads modules with each section kind page-aligned
 * (CONFIG_STRICT_MODULE_RWX), so the size is a whole number of pages:
 *   coresize = PAGE + roundUp(embedded bytes, PAGE) + PAGE
 * e.g. a 4 017 236-byte archive gives 4 026 368 (kheaders.o itself is 4 021 392).
 */
export const PAGE_SIZE = 4096;

export function coreSize(embeddedBytes: number): number {
  return PAGE_SIZE + Math.ceil(embeddedBytes / PAGE_SIZE) * PAGE_SIZE + PAGE_SIZE;
}
