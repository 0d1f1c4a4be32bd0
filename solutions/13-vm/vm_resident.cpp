// vm_resident FILE: print how many of FILE's pages are in memory, and how many it has.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments (exactly one FILE, else exit 2).
    constexpr const char* kProg = "vm_resident";
    if (argc != 2) return ipclab::usage("vm_resident FILE");
    // END SOLUTION
    // BEGIN SOLUTION: open FILE, find its size with fstat; an empty file prints "0 0".

    ipclab::Fd fd(open(argv[1], O_RDONLY));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == 0) {  // mmap refuses a length of 0, and there is nothing to count anyway
        std::printf("0 0\n");
        return 0;
    }
    // END SOLUTION
    // BEGIN SOLUTION: map it read-only, ask mincore about every page, count the entries with bit 0
    // set.

    // Mapping a file only reserves addresses: nothing is read, so the mapping itself changes
    // no page's residency. mincore then asks the page cache about each page of the range.
    ipclab::Mapping map(size, PROT_READ, MAP_SHARED, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t pages = (size + page - 1) / page;
    std::vector<unsigned char> vec(pages);
    if (mincore(map.data(), size, vec.data()) < 0) return ipclab::fail(kProg, "mincore");

    std::size_t resident = 0;
    for (unsigned char v : vec)
        resident += v & 1;  // only bit 0 is defined; the rest is reserved
    // END SOLUTION
    // BEGIN SOLUTION: print "RESIDENT TOTAL\n".
    std::printf("%zu %zu\n", resident, pages);
    return 0;
    // END SOLUTION (main)
}
