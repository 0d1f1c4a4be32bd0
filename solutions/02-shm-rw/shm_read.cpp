// shm_read [-u] NAME: write the payload stored in NAME to stdout; -u removes NAME afterwards.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdint>
#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"
#include "shm_layout.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse [-u] NAME (anything else is exit 2).
    constexpr const char* kProg = "shm_read";
    bool remove = false;
    opterr = 0;  // our usage line replaces getopt's own complaint
    for (int opt; (opt = getopt(argc, argv, "u")) != -1;) {
        if (opt != 'u') return ipclab::usage("shm_read [-u] NAME");
        remove = true;
    }
    if (optind != argc - 1) return ipclab::usage("shm_read [-u] NAME");
    const char* name = argv[optind];
    // END SOLUTION
    // BEGIN SOLUTION: open NAME read-only, check its size with fstat before trusting the header.

    ipclab::Fd fd(shm_open(name, O_RDONLY, 0));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");

    // Never trust the object: another process wrote it. Touching a page of the mapping beyond
    // the object's end raises SIGBUS, so every length is checked against fstat's size first.
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size < kHeader) return ipclab::fail_msg(kProg, name, "object too small for a header");
    // END SOLUTION
    // BEGIN SOLUTION: map it, check the length against the size, write exactly the payload to
    // stdout.

    ipclab::Mapping map(size, PROT_READ, MAP_SHARED, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");

    std::uint64_t length = 0;
    std::memcpy(&length, map.data(), kHeader);  // memcpy: no alignment assumptions
    if (length > size - kHeader) return ipclab::fail_msg(kProg, name, "length exceeds object");

    if (!ipclab::write_all(STDOUT_FILENO, map.data() + kHeader, length))
        return ipclab::fail(kProg, "write");
    // END SOLUTION
    // BEGIN SOLUTION: with -u, remove NAME afterwards.
    if (remove && shm_unlink(name) < 0) return ipclab::fail(kProg, "shm_unlink");
    return 0;
    // END SOLUTION (main)
}
