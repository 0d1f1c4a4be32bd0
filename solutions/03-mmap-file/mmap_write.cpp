// mmap_write FILE OFFSET TEXT: store TEXT at OFFSET in FILE through a shared mapping.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: FILE, OFFSET (a plain decimal) and TEXT (anything else
    // is exit 2).
    constexpr const char* kProg = "mmap_write";
    constexpr const char* kUsage = "mmap_write FILE OFFSET TEXT";
    std::uint64_t offset = 0;
    if (argc != 4 || !ipclab::parse_u64(argv[2], offset, std::numeric_limits<off_t>::max()))
        return ipclab::usage(kUsage);
    const char* text = argv[3];
    const std::size_t len = std::strlen(text);
    if (len > std::numeric_limits<off_t>::max() - offset)
        return ipclab::fail_msg(kProg, argv[2], "OFFSET + TEXT passes the largest file size");
    const std::uint64_t end = offset + len;
    // END SOLUTION
    // BEGIN SOLUTION: open or create FILE (mode 0644) for reading and writing, and fstat it.

    ipclab::Fd fd(open(argv[1], O_RDWR | O_CREAT, 0644));
    if (!fd.valid()) return ipclab::fail(kProg, argv[1]);
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    // END SOLUTION
    // BEGIN SOLUTION: if OFFSET + len(TEXT) passes the end, grow the file with ftruncate first.

    // A mapping cannot make a file longer: a store to a page past the file's end is a SIGBUS.
    // Grow the file first; the bytes between the old end and OFFSET read back as zeros.
    if (end > static_cast<std::uint64_t>(st.st_size) &&
        ftruncate(fd.get(), static_cast<off_t>(end)) < 0)
        return ipclab::fail(kProg, "ftruncate");
    // END SOLUTION
    // BEGIN SOLUTION: map the file MAP_SHARED, copy TEXT to OFFSET, msync, and release the mapping
    // and the file.
    if (len == 0) return 0;  // nothing to store: mmap would refuse a length of 0 anyway

    // mmap's offset must be a multiple of the page size, so map from the start of the file up
    // to END; pages we never touch cost nothing. MAP_SHARED: our stores go to the file's pages.
    ipclab::Mapping map(end, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    std::memcpy(map.data() + offset, text, len);
    // Other processes see the stores at once (same page cache); msync also puts them on disk.
    if (msync(map.data(), map.size(), MS_SYNC) < 0) return ipclab::fail(kProg, "msync");
    return 0;
    // END SOLUTION (main)
}
