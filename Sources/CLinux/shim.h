// Linux calls that Swift's Glibc module does not import (they need _GNU_SOURCE or are macros).
#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/// preadv2(2) of one buffer at offset 0 with RWF_NOWAIT: reads only what is in the page cache,
/// never waits for the disk. Returns the bytes read, or -1 (errno EAGAIN when nothing is cached).
static inline long juanzong_read_cached(int descriptor, void *buffer, unsigned long length) {
    struct iovec vector = { buffer, length };
    return syscall(SYS_preadv2, descriptor, &vector, 1, 0L, 0L, 0x00000008 /* RWF_NOWAIT */);
}

// glibc declares pipe2 for _GNU_SOURCE only, which this module must not define: its system
// headers would then differ from the other modules' (fd_set).
int pipe2(int descriptors[2], int flags);

/// pipe2(2) with O_CLOEXEC: neither end reaches a program started later, except where a spawn
/// puts it in place of a standard stream.
static inline int juanzong_cloexec_pipe(int descriptors[2]) {
    return pipe2(descriptors, O_CLOEXEC);
}

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor from
/// `lowest` up, whatever other threads had open when it was spawned.
static inline int juanzong_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}
