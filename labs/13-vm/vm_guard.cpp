// vm_guard SIZE: copy stdin into a SIZE-byte buffer that ends right where a guard page begins.
// Read handouts/13-vm.md first. Replace each TODO with your code.
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/mapping.hpp"

// TODO: a SIGSEGV handler (SA_SIGINFO) that writes "overflow at OFFSET\n" (OFFSET = si_addr -
// buffer start) with write() only, then calls _exit(3).

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse SIZE (a positive decimal; anything else is exit 2).
    // TODO: map whole pages for the buffer plus one more page, and make that last page PROT_NONE
    // with mprotect; place the buffer so that it ends where the guard begins.
    // TODO: install the SIGSEGV handler with SA_SIGINFO.
    // TODO: read stdin in chunks and copy it into the buffer one byte at a time.
    // TODO: if everything fitted, print "fits BYTES\n".
    std::fprintf(stderr, "vm_guard: not implemented\n");
    return 1;
}
