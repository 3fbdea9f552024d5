/**
 * What a loaded module occupies, as lsmod, /proc/modules and
 * /sys/module/<m>/coresize show it and the lessons quote it: the module's
 * core is its code page, its .rodata holding the embedded data
 * (kernel/kheaders.c and kernel/configs.c put it there with .incbin) rounded
 * up to a page, and a data page for struct module.
 * With CONFIG_STRICT_MODULE_RWX (x86 has it) each section kind starts on a
 * page (kernel/module/main.c layout_sections: text, rodata, ro_after_init,
 * data), so the size is a whole number of pages. kheaders.c declares its
 * bin_attribute __ro_after_init, which takes a page of its own; configs.c
 * has nothing there:
 *   kheaders: PAGE + roundUp(archive bytes, PAGE) + PAGE + PAGE
 *   configs:  PAGE + roundUp(config.gz bytes, PAGE) + PAGE
 * A real i386 6.1 (test/real-kernel) shows 4 014 080 for a 4 000 844-byte
 * archive and 20 480 for a 9 763-byte config.gz.
 */
export const PAGE_SIZE = 4096;

export function coreSize(embeddedBytes: number, name: 'kheaders' | 'configs' = 'kheaders'): number {
  const roAfterInit = name === 'kheaders' ? PAGE_SIZE : 0;
  return PAGE_SIZE + Math.ceil(embeddedBytes / PAGE_SIZE) * PAGE_SIZE + roAfterInit + PAGE_SIZE;
}
