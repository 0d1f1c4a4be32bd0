// vm_advice private|shared FILE: store 'X' in FILE's first page, drop the page with
// madvise(MADV_DONTNEED), and print the byte that offset 0 holds afterwards.
// Read handouts/13-vm.md first. Replace each TODO with your code.
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
    (void)argc;
    (void)argv;
    // TODO: check the arguments: "private" or "shared", then FILE (anything else is exit 2).
    // TODO: open FILE (for writing too if shared); an empty file is exit 1.
    // TODO: map its first page writable, MAP_PRIVATE or MAP_SHARED as asked.
    // TODO: store 'X' at offset 0, call madvise(MADV_DONTNEED) on the page.
    // TODO: print the byte now at offset 0 as an unsigned decimal and "\n".
    std::fprintf(stderr, "vm_advice: not implemented\n");
    return 1;
}
