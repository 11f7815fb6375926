/*
 * A failing guest: writes to stdout, stderr and the journal, then returns 3. The run reports
 * exit code 3 and counts as failed: `zkglue run` exits non-zero and no receipt exists.
 */
#include "zkglue.h"

int main(void) {
  zkglue_print("about to fail\n");
  zkglue_write(ZKGLUE_FD_STDERR, "error: giving up\n", 17);
  zkglue_commit_u32(0xdeadbeef);
  return 3;
}
