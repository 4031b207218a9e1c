// Linux calls that Swift's Glibc module does not import (they need _GNU_SOURCE or are macros).
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/// preadv2(2) of one buffer at offset 0 with RWF_NOWAIT: reads only what is in the page cache,
/// never waits for the disk. Returns the bytes read, or -1 (errno EAGAIN when nothing is cached).
static inline long juanzong_read_cached(int descriptor, void *buffer, unsigned long length) {
    struct iovec vector = { buffer, length };
    return syscall(SYS_preadv2, descriptor, &vector, 1, 0L, 0L, 0x00000008 /* RWF_NOWAIT */);
}
