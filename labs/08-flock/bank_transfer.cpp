// bank_transfer FILE FROM TO AMOUNT: move AMOUNT from account FROM to account TO. Account I is
// the 16-byte record at byte 16 * I: a balance right-aligned in 15 characters, then '\n'.
// Read handouts/08-flock.md first. Replace each TODO with your code.
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse the arguments: FROM = TO, or a number that is not a plain decimal (AMOUNT > 0),
    // is exit 2.
    // TODO: open FILE read-write; an account past the end of the file is exit 1.
    // TODO: lock the two 16-byte records with fcntl(F_SETLKW), the lower index first.
    // TODO: read both balances; FROM < AMOUNT is exit 3; a TO balance that needs more than 15
    // digits is exit 1.
    // TODO: write both records back (15 right-aligned digits and '\n'), unlock.
    std::fprintf(stderr, "bank_transfer: not implemented\n");
    return 1;
}
