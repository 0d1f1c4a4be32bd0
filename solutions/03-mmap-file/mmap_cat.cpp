// mmap_cat FILE: print FILE's bytes through a read-only mapping instead of read().
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: exactly one FILE (anything else is exit 2).
    constexpr const char* kProg = "mmap_cat";
    if (argc != 2) return ipclab::usage("mmap_cat FILE");
    // END SOLUTION
    // BEGIN SOLUTION: open FILE read-only and fstat it; a directory (not S_ISREG) is exit 1 with a
    // message.

    ipclab::Fd fd(open(argv[1], O_RDONLY));
    if (!fd.valid()) return ipclab::fail(kProg, argv[1]);

    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    // A directory opens fine for reading, but it has no bytes to map.
    if (!S_ISREG(st.st_mode)) return ipclab::fail_msg(kProg, argv[1], "not a regular file");
    // END SOLUTION
    // BEGIN SOLUTION: an empty file prints nothing and succeeds (mmap refuses a length of 0).

    // mmap refuses a length of 0 (EINVAL): an empty file simply has nothing to print.
    if (st.st_size == 0) return 0;
    // END SOLUTION
    // BEGIN SOLUTION: map the whole file with PROT_READ and write the mapping's bytes to stdout.

    // The mapping shows the file's pages in the page cache: no copy into a buffer of ours.
    ipclab::Mapping map(static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    if (!ipclab::write_all(STDOUT_FILENO, map.data(), map.size()))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
