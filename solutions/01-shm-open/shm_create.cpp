// shm_create NAME SIZE: create a new POSIX shared memory object of SIZE bytes, mode 0600.
#include <fcntl.h>
#include <sys/mman.h>

#include <cstdint>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: exactly two, SIZE a plain decimal that fits an off_t
    // (else exit 2).
    constexpr const char* kProg = "shm_create";
    std::uint64_t size = 0;
    // SIZE becomes an off_t for ftruncate, so anything above its largest value is refused here
    // rather than wrapping round to a negative length.
    if (argc != 3 || !ipclab::parse_u64(argv[2], size, std::numeric_limits<off_t>::max()))
        return ipclab::usage("shm_create NAME SIZE");
    // END SOLUTION
    // BEGIN SOLUTION: create NAME exclusively with shm_open (an existing NAME must be an error).

    // O_EXCL makes creation atomic: if NAME exists, shm_open fails with EEXIST instead of
    // silently handing us somebody else's object.
    ipclab::Fd fd(shm_open(argv[1], O_CREAT | O_EXCL | O_RDWR, 0600));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");
    // END SOLUTION
    // BEGIN SOLUTION: give it SIZE bytes with ftruncate; report failures with ipclab::fail.

    // A new object is empty; ftruncate gives it its size (the new bytes read as zeros).
    if (ftruncate(fd.get(), static_cast<off_t>(size)) < 0) {
        int saved = errno;
        shm_unlink(argv[1]);  // do not leave a half-made object behind
        errno = saved;
        return ipclab::fail(kProg, "ftruncate");
    }
    return 0;
    // END SOLUTION (main)
}
