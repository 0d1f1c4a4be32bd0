// bank_transfer FILE FROM TO AMOUNT: move AMOUNT from account FROM to account TO. Account I is
// the 16-byte record at byte 16 * I: a balance right-aligned in 15 characters, then '\n'.
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

// BEGIN SOLUTION: lock or unlock one account's 16-byte record with fcntl (F_SETLKW waits for other
// processes' locks).
namespace {

constexpr const char* kProg = "bank_transfer";
constexpr off_t kRecord = 16;
constexpr std::uint64_t kMaxBalance = 999'999'999'999'999;  // the most that 15 digits hold
constexpr std::uint64_t kMaxAccount = 1'000'000'000'000;

// Takes (F_WRLCK) or releases (F_UNLCK) the fcntl lock on account INDEX's record, waiting for
// other processes' locks.
bool lock_record(int fd, std::uint64_t index, short type) {
    struct flock range {};
    range.l_type = type;
    range.l_whence = SEEK_SET;
    range.l_start = static_cast<off_t>(index) * kRecord;
    range.l_len = kRecord;
    while (fcntl(fd, F_SETLKW, &range) < 0)
        if (errno != EINTR) return false;
    return true;
}
// END SOLUTION

// BEGIN SOLUTION: read a balance: 15 characters, right-aligned, then '\n'; anything else is not a
// balance.

// Reads account INDEX's balance; false (errno 0) if the record is not in the right format.
bool read_balance(int fd, std::uint64_t index, std::uint64_t& balance) {
    char rec[kRecord];
    errno = 0;
    if (pread(fd, rec, kRecord, static_cast<off_t>(index) * kRecord) != kRecord) return false;
    std::string_view text(rec, kRecord - 1);
    if (rec[kRecord - 1] != '\n') return false;
    text.remove_prefix(std::min(text.find_first_not_of(' '), text.size()));
    return ipclab::parse_u64(text, balance, kMaxBalance);
}
// END SOLUTION

// BEGIN SOLUTION: write a balance back: 15 right-aligned digits and '\n'.
bool write_balance(int fd, std::uint64_t index, std::uint64_t balance) {
    char rec[kRecord + 1];  // snprintf adds a NUL that is not written
    std::snprintf(rec, sizeof rec, "%15llu\n", static_cast<unsigned long long>(balance));
    return pwrite(fd, rec, kRecord, static_cast<off_t>(index) * kRecord) == kRecord;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse the arguments: FROM = TO, AMOUNT 0, or a number that is not a plain
    // decimal is exit 2.
    std::uint64_t from = 0, to = 0, amount = 0;
    if (argc != 5 || !ipclab::parse_u64(argv[2], from, kMaxAccount) ||
        !ipclab::parse_u64(argv[3], to, kMaxAccount) || !ipclab::parse_u64(argv[4], amount) ||
        amount == 0 || from == to)
        return ipclab::usage("bank_transfer FILE FROM TO AMOUNT (FROM != TO, AMOUNT > 0)");
    // END SOLUTION
    // BEGIN SOLUTION: open FILE read-write; an account past the end of the file is exit 1.

    ipclab::Fd fd(open(argv[1], O_RDWR));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    if (static_cast<std::uint64_t>(st.st_size) / kRecord <= std::max(from, to))
        return ipclab::fail_msg(kProg, argv[1], "no such account");
    // END SOLUTION
    // BEGIN SOLUTION: lock the two 16-byte records with fcntl(F_SETLKW), the lower index first.

    // Every transfer locks the lower-numbered record first. Two transfers that each held one
    // record and waited for the other's would wait forever; with one global order, whoever holds
    // the lower record can always get the higher one.
    const auto [low, high] = std::minmax(from, to);
    if (!lock_record(fd.get(), low, F_WRLCK) || !lock_record(fd.get(), high, F_WRLCK))
        return ipclab::fail(kProg, "fcntl(F_SETLKW)");
    // END SOLUTION
    // BEGIN SOLUTION: read both balances; a FROM balance below AMOUNT is exit 3; a TO balance that
    // needs more than 15 digits is exit 1.

    std::uint64_t from_balance = 0, to_balance = 0;
    if (!read_balance(fd.get(), from, from_balance) || !read_balance(fd.get(), to, to_balance))
        return errno ? ipclab::fail(kProg, "read")
                     : ipclab::fail_msg(kProg, argv[1], "a record is not a 15-digit balance");
    if (from_balance < amount) {
        std::fprintf(stderr, "%s: account %s holds less than %s\n", kProg, argv[2], argv[4]);
        return 3;
    }
    if (to_balance > kMaxBalance - amount)
        return ipclab::fail_msg(kProg, argv[1], "the new balance does not fit 15 characters");
    // END SOLUTION
    // BEGIN SOLUTION: write both records back (15 right-aligned digits and '\n'), unlock.
    if (!write_balance(fd.get(), from, from_balance - amount) ||
        !write_balance(fd.get(), to, to_balance + amount))
        return ipclab::fail(kProg, "write");
    // Closing the descriptor would release the locks too; unlocking says so on purpose.
    if (!lock_record(fd.get(), high, F_UNLCK) || !lock_record(fd.get(), low, F_UNLCK))
        return ipclab::fail(kProg, "fcntl(F_UNLCK)");
    return 0;
    // END SOLUTION (main)
}
