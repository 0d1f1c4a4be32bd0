// Lab 13-vm: vm_guard, vm_resident and vm_advice, judged on files and inputs the grader makes.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "graded.hpp"

using namespace grade;

namespace {

std::size_t page_size() {
    return static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush()) fail("the grader to create " + path, "it could not", "(grader problem)");
}

// A file on tmpfs, where only the pages written exist: a hole has no page, so it cannot be
// resident, and a written page cannot be anywhere but in memory. The count is exact.
std::string fresh_tmpfs_path() {
    return "/dev/shm" + fresh_shm_name();
}

// Makes PATH a sparse file of SIZE bytes in which exactly the pages in WRITTEN hold data.
void make_sparse(const std::string& path, std::size_t size, const std::set<std::size_t>& written) {
    int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
    bool ok = fd >= 0 && ftruncate(fd, static_cast<off_t>(size)) == 0;
    for (std::size_t p : written) {
        std::string bytes = random_bytes(16);
        bytes[0] = static_cast<char>(1 + random_below(255));  // some data, not all zeros
        off_t at = static_cast<off_t>(p * page_size() + random_below(page_size() - 16));
        if (static_cast<std::size_t>(at) + bytes.size() > size)
            at = static_cast<off_t>(p * page_size());
        ok = ok && pwrite(fd, bytes.data(), 1, at) == 1;
    }
    if (fd >= 0) close(fd);
    if (!ok) fail("the grader to make a sparse file", "it could not", "(grader problem)");
}

void expect_guard(std::uint64_t size, std::size_t input, const char* hint) {
    Options opt;
    opt.input = random_bytes(input);
    // An overflowing run must fault, which valgrind would intercept: never run it under valgrind.
    opt.valgrind = input <= size;
    auto r = run_student("vm_guard", {std::to_string(size)}, opt);
    std::string what =
        "vm_guard " + std::to_string(size) + " with " + std::to_string(input) + " bytes of input: ";
    if (input <= size) {
        expect(r.exited() && r.exit_code() == 0 && r.out == "fits " + std::to_string(input) + "\n",
               what + "exit 0 and \"fits " + std::to_string(input) + "\"",
               r.describe() + ", stdout " + show(r.out), hint);
        expect_exit(r, 0, hint);  // also valgrind-clean in VALGRIND=1 mode
    } else {
        std::string want = "overflow at " + std::to_string(size) + "\n";
        expect(r.signal() == 0, what + "the handler to report the overflow",
               r.describe() + ", stdout " + show(r.out), hint);
        expect(r.exit_code() == 3 && r.out == want, what + "exit 3 and " + show(want),
               r.describe() + ", stdout " + show(r.out), hint);
    }
}

// Sizes on both sides of a page boundary: SIZE a multiple of the page, one less, one more.
std::vector<std::uint64_t> guard_sizes() {
    std::uint64_t pages = 1 + random_below(4);
    return {1, pages * page_size() - 1, pages * page_size(), pages * page_size() + 1};
}

std::string make_file_for_advice(std::size_t size, unsigned char& first) {
    auto path = fresh_path("advice");
    std::string bytes = random_bytes(size);
    first = static_cast<unsigned char>(random_below(255));
    if (first >= 'X') ++first;  // anything but 'X' (88), so that the two answers differ
    bytes[0] = static_cast<char>(first);
    write_file(path, bytes);
    return path;
}

// Error paths count only for programs that also do their job.
void expect_resident_works() {
    auto path = fresh_tmpfs_path();
    make_sparse(path, 3 * page_size(), {1});
    expect_output(run_student("vm_resident", {path}), "1 3\n",
                  "vm_resident must count a simple file's pages before its error paths count");
}
void expect_advice_works() {
    unsigned char first = 0;
    auto path = make_file_for_advice(100, first);
    expect_output(run_student("vm_advice", {"private", path}), std::to_string(first) + "\n",
                  "vm_advice private must work before its error paths count");
}

}  // namespace

GRADED("vm_guard reports fits for input up to SIZE", 15, "13.guard.fits") {
    for (auto size : guard_sizes())
        for (std::size_t input : {size - 1, size})
            expect_guard(size, input,
                         "input of at most SIZE bytes fits: print \"fits BYTES\" with the number "
                         "of bytes copied, and end the buffer exactly at the guard page (its "
                         "start is the guard page's address minus SIZE)");
}

GRADED("vm_guard reports an overflow at exactly SIZE", 25, "13.guard.overflow") {
    for (auto size : guard_sizes())
        for (std::size_t input : {size + 1, size + 1 + random_below(3 * page_size())})
            expect_guard(size, input,
                         "mprotect the page after the buffer to PROT_NONE, put the buffer's "
                         "end right against it, copy with one-byte stores (a read() into the "
                         "buffer fails with EFAULT instead of faulting), and in the SA_SIGINFO "
                         "handler write() \"overflow at OFFSET\" (si_addr minus the buffer's "
                         "start) and _exit(3): printf's buffer is lost by _exit");
}

GRADED("vm_guard answers a bad SIZE with usage and exit 2", 5, "13.guard.args C.usage") {
    expect_guard(4096, 10, "vm_guard must work before its usage errors count");
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"0"}, {"abc"}, {"-1"}, {"12x"}, {""}, {}, {"10", "10"}}) {
        auto r = run_student("vm_guard", args, {.input = "a", .valgrind = false});
        expect_usage(r,
                     "SIZE is a positive decimal: 0, a sign, trailing characters or a "
                     "missing or extra argument are usage errors (exit 2, \"usage: ...\")");
    }
}

GRADED("vm_resident counts exactly the pages written", 20, "13.resident.count") {
    const std::size_t page = page_size();
    for (int round = 0; round < 4; ++round) {
        std::size_t pages = 2 + random_below(40);
        std::size_t size = pages * page - (round % 2 ? random_below(page - 1) : 0);
        std::set<std::size_t> written;
        if (round == 0) {
            for (std::size_t p = 0; p < pages; ++p)
                written.insert(p);  // no hole at all
        } else if (round == 1) {
            // all holes
        } else {
            written.insert(random_below(pages));
            for (std::size_t p = 0; p < pages; ++p)
                if (random_below(2)) written.insert(p);
            if (written.size() == pages) written.erase(written.begin());
        }
        auto path = fresh_tmpfs_path();
        make_sparse(path, size, written);
        expect_output(run_student("vm_resident", {path}),
                      std::to_string(written.size()) + " " + std::to_string(pages) + "\n",
                      "TOTAL is the size rounded up to whole pages; RESIDENT counts the mincore "
                      "entries whose bit 0 is set (the other bits are reserved), and mapping "
                      "the file must not touch its pages");
    }
}

GRADED("vm_resident prints 0 0 for an empty file", 5, "13.resident.empty") {
    auto path = fresh_tmpfs_path();
    make_sparse(path, 0, {});
    expect_output(run_student("vm_resident", {path}), "0 0\n",
                  "mmap refuses a length of 0 (EINVAL): check the size with fstat first");
}

GRADED("vm_advice private falls back to the file's byte", 10, "13.advice.private") {
    for (std::size_t size : {std::size_t{1}, std::size_t{100}, 3 * page_size() + 5}) {
        unsigned char first = 0;
        auto path = make_file_for_advice(size, first);
        std::string before = read_file(path);
        expect_output(run_student("vm_advice", {"private", path}), std::to_string(first) + "\n",
                      "with MAP_PRIVATE the store goes to a private copy of the page, which "
                      "MADV_DONTNEED discards: print the byte as an unsigned number");
        expect(read_file(path) == before, "the file unchanged by a private mapping", "it changed",
               "a private mapping must be MAP_PRIVATE, never MAP_SHARED");
    }
}

GRADED("vm_advice shared keeps the store in the file", 10, "13.advice.shared") {
    for (std::size_t size : {std::size_t{1}, std::size_t{100}, 3 * page_size() + 5}) {
        unsigned char first = 0;
        auto path = make_file_for_advice(size, first);
        std::string want = read_file(path);
        want[0] = 'X';
        expect_output(run_student("vm_advice", {"shared", path}), "88\n",
                      "with MAP_SHARED the store goes to the file's page in the page cache, "
                      "which MADV_DONTNEED does not drop: map it MAP_SHARED (open O_RDWR)");
        expect(read_file(path) == want, "the file to start with X and be otherwise unchanged",
               show(read_file(path).substr(0, 16)) + "...",
               "store exactly one 'X' at offset 0 through a MAP_SHARED mapping");
    }
}

GRADED("vm_resident and vm_advice report missing files and bad arguments", 10,
       "13.errors C.usage C.exit") {
    expect_resident_works();
    expect_advice_works();
    auto missing = fresh_path("missing");
    expect_error(run_student("vm_resident", {missing}), 1,
                 "a missing FILE is exit 1 with open's error message");
    expect_error(run_student("vm_advice", {"shared", missing}), 1,
                 "a missing FILE is exit 1 with open's error message");
    auto empty = fresh_path("empty");
    write_file(empty, "");
    expect_error(run_student("vm_advice", {"private", empty}), 1,
                 "an empty FILE has no first page to map: exit 1 with a message");
    unsigned char first = 0;
    auto file = make_file_for_advice(10, first);
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"vm_resident", {}},
             {"vm_resident", {file, file}},
             {"vm_advice", {file}},
             {"vm_advice", {"public", file}},
             {"vm_advice", {"Shared", file}},
             {"vm_advice", {"shared", file, file}}}) {
        expect_usage(run_student(program, args),
                     "check the arguments first: only \"private\" or \"shared\" and one FILE; "
                     "anything else is exit 2 with \"usage: ...\"");
    }
}
