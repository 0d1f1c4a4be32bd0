// vm_advice private|shared FILE: store 'X' in FILE's first page, drop the page with
// madvise(MADV_DONTNEED), and print the byte that offset 0 holds afterwards.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdio>
#include <string_view>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: "private" or "shared", then FILE (anything else is exit
    // 2).
    constexpr const char* kProg = "vm_advice";
    if (argc != 3) return ipclab::usage("vm_advice private|shared FILE");
    const std::string_view kind = argv[1];
    if (kind != "private" && kind != "shared")
        return ipclab::usage("vm_advice private|shared FILE");
    const bool shared = kind == "shared";
    // END SOLUTION
    // BEGIN SOLUTION: open FILE (for writing too if shared); an empty file is exit 1.

    // A shared writable mapping writes to the file, so it needs a descriptor open for writing;
    // a private one only reads the file (its stores go to private copies of the pages).
    ipclab::Fd fd(open(argv[2], shared ? O_RDWR : O_RDONLY));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    if (st.st_size == 0) return ipclab::fail_msg(kProg, argv[2], "empty file");
    // END SOLUTION
    // BEGIN SOLUTION: map its first page writable, MAP_PRIVATE or MAP_SHARED as asked.

    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    ipclab::Mapping map(page, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    // END SOLUTION
    // BEGIN SOLUTION: store 'X' at offset 0, call madvise(MADV_DONTNEED) on the page.

    auto* first = reinterpret_cast<volatile unsigned char*>(map.data());
    *first = 'X';
    // MADV_DONTNEED throws away this process's view of the page. For a private mapping that
    // was the modified copy, so the next access maps the file's page again; for a shared
    // mapping the page belongs to the page cache, which keeps the store.
    if (madvise(map.data(), page, MADV_DONTNEED) < 0) return ipclab::fail(kProg, "madvise");
    // END SOLUTION
    // BEGIN SOLUTION: print the byte now at offset 0 as an unsigned decimal and "\n".
    std::printf("%u\n", static_cast<unsigned>(*first));
    return 0;
    // END SOLUTION (main)
}
