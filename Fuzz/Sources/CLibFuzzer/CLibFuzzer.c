// Empty: SwiftPM needs a source file; the function is in libFuzzer (-sanitize=fuzzer).
#include "CLibFuzzer.h"
