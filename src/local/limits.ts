/** A changed file is read whole (for `file`-scope rules and suppressions) up to this size. */
export const MAX_SCANNED_BYTES = 2 * 1024 * 1024;
/** A readiness document larger than this is reported as not read, never parsed half. */
export const MAX_CHECKLIST_BYTES = 16 * 1024 * 1024;
/**
 * A changed file's diff is kept up to this many bytes of lines; a larger one (a generated dump)
 * is listed as not scanned, so memory stays bounded whatever one file of the change holds.
 */
export const MAX_PATCH_BYTES = 64 * 1024 * 1024;
