// libFuzzer's entry for programs that keep their own main (llvm.org/docs/LibFuzzer.html,
// "Using libFuzzer as a library"). SwiftPM on Linux renames an executable's entry point to
// <module>_main and links `main` to it, so the targets cannot leave `main` to libFuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
