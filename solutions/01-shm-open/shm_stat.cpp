// shm_stat NAME: print the size and permission bits of a POSIX shared memory object.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: open NAME with shm_open (read-only is enough).
    constexpr const char* kProg = "shm_stat";
    if (argc != 2) return ipclab::usage("shm_stat NAME");

    // Read-only is enough for fstat, and it also works for objects we may not write.
    ipclab::Fd fd(shm_open(argv[1], O_RDONLY, 0));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");
    // END SOLUTION
    // BEGIN SOLUTION: fstat it and print "SIZE MODE\n", MODE in octal without a leading zero.

    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");

    // st_mode also holds the file type (S_IFREG...): keep only the permission bits.
    std::printf("%lld %o\n", static_cast<long long>(st.st_size),
                static_cast<unsigned>(st.st_mode & 07777));
    return 0;
    // END SOLUTION (main)
}
