// mmap_private FILE TEXT: overwrite the start of a private mapping of FILE with TEXT and print
// the whole mapping; the file itself never changes.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: FILE and TEXT (anything else is exit 2).
    constexpr const char* kProg = "mmap_private";
    if (argc != 3) return ipclab::usage("mmap_private FILE TEXT");
    const char* text = argv[2];
    const std::size_t len = std::strlen(text);
    // END SOLUTION
    // BEGIN SOLUTION: open FILE and fstat it; TEXT longer than the file (or an empty file) is
    // exit 1.

    // Read-only is enough: a private mapping's writes never reach the file.
    ipclab::Fd fd(open(argv[1], O_RDONLY));
    if (!fd.valid()) return ipclab::fail(kProg, argv[1]);
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == 0 || len > size)
        return ipclab::fail_msg(kProg, argv[1], "TEXT does not fit in the file");
    // END SOLUTION
    // BEGIN SOLUTION: map it MAP_PRIVATE and writable, copy TEXT over its first bytes (no NUL after
    // it).

    // MAP_PRIVATE + PROT_WRITE: the first store to a page copies it (copy-on-write), so we
    // change our copy and the page cache, which other processes see, keeps the file's bytes.
    ipclab::Mapping map(size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    std::memcpy(map.data(), text, len);  // memcpy, not strcpy: no terminating NUL is stored
    // END SOLUTION
    // BEGIN SOLUTION: write the whole mapping to stdout.
    if (!ipclab::write_all(STDOUT_FILENO, map.data(), map.size()))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
