#if canImport(Glibc)
import Glibc

/// glibc's `mallopt` (its header, malloc.h, is not part of the Glibc module).
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// How the process asks glibc to manage freed memory. A close is a batch of steps that each
/// build arrays of a million entries and free them; by default glibc hands freed memory at the
/// top of the heap back to the kernel and maps every block above a threshold afresh, and the
/// next step then faults all of it back in, page by page, each page zeroed by the kernel. That
/// cost does not show at a hundred thousand lines (the threshold adapts and blocks are reused)
/// and at a million it was a quarter of the matching time: `close bench reconcile` took
/// 0.37 s and takes 0.27 s with freed memory kept for the next step (ten million lines: 6.1 s
/// and 4.0 to 4.8 s). The peak is unchanged (`close bench close`: 1,678 MB either way); the
/// process only holds on to freed memory until it exits.
enum AllocatorPolicy {
    static func keepFreedMemory() {
        #if canImport(Glibc)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, mmapMax: Int32 = -4
        // Keep up to 1 GB of free memory at the top of the heap instead of trimming it.
        _ = glibcMallopt(trimThreshold, 1 << 30)
        // Serve every block from the heap, where freed ones are reused, rather than mapping
        // blocks above 32 MB afresh each time (the threshold alone cannot be set higher).
        _ = glibcMallopt(mmapThreshold, 32 << 20)
        _ = glibcMallopt(mmapMax, 0)
        #endif
    }
}
