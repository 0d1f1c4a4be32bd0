// bank_transfer FILE FROM TO AMOUNT: move AMOUNT from account FROM to account TO. Account I is
// the 16-byte record at byte 16 * I: a balance right-aligned in 15 characters, then '\n'.
// Read handouts/08-flock.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <utility>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

// TODO: lock or unlock one account's 16-byte record with fcntl (F_SETLKW waits for other processes'
// locks).

// TODO: read a balance: 15 characters, right-aligned, then '\n'; anything else is not a balance.

// TODO: write a balance back: 15 right-aligned digits and '\n'.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse the arguments: FROM = TO, AMOUNT 0, or a number that is not a plain decimal is
    // exit 2.
    // TODO: open FILE read-write; an account past the end of the file is exit 1.
    // TODO: lock the two 16-byte records with fcntl(F_SETLKW), the lower index first.
    // TODO: read both balances; a FROM balance below AMOUNT is exit 3; a TO balance that needs more
    // than 15 digits is exit 1.
    // TODO: write both records back (15 right-aligned digits and '\n'), unlock.
    std::fprintf(stderr, "bank_transfer: not implemented\n");
    return 1;
}
