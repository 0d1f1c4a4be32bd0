// shm_write NAME: store all of stdin in the shared memory object NAME as [length][payload].
#include <fcntl.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"
#include "shm_layout.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: read all of stdin (it may be larger than one read() returns).
    constexpr const char* kProg = "shm_write";
    if (argc != 2) return ipclab::usage("shm_write NAME");

    // The length must be known before the object is sized, so read all of stdin first.
    std::string payload;
    if (!ipclab::read_all(STDIN_FILENO, payload)) return ipclab::fail(kProg, "read");
    // END SOLUTION
    // BEGIN SOLUTION: open or create NAME (mode 0600) and size it to exactly 8 + length.

    ipclab::Fd fd(shm_open(argv[1], O_CREAT | O_RDWR, 0600));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");

    // ftruncate sets the size exactly, so an older, longer message's tail is cut off too.
    const std::size_t size = kHeader + payload.size();
    if (ftruncate(fd.get(), static_cast<off_t>(size)) < 0) return ipclab::fail(kProg, "ftruncate");
    // END SOLUTION
    // BEGIN SOLUTION: reserve its memory with posix_fallocate, map it shared, store length and
    // payload; release the mapping and the descriptor.
    // tmpfs hands out pages only when they are first touched; reserving them now turns a full
    // /dev/shm into an error here instead of a SIGBUS in the middle of the copy below.
    if (int err = posix_fallocate(fd.get(), 0, static_cast<off_t>(size)); err != 0) {
        errno = err;  // posix_fallocate returns its error instead of setting errno
        return ipclab::fail(kProg, "posix_fallocate");
    }

    ipclab::Mapping map(size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");

    const std::uint64_t length = payload.size();
    std::memcpy(map.data(), &length, kHeader);
    std::memcpy(map.data() + kHeader, payload.data(), payload.size());
    return 0;  // the mapping and the descriptor are released by their destructors
    // END SOLUTION (main)
}
