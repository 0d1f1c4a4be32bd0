// Lab 02-shm-rw: shm_write and shm_read, judged by reading and writing the objects directly.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "graded.hpp"
#include "mappings.hpp"
#include "procfs.hpp"
#include "sandbox.hpp"
#include "shortwrites.hpp"

using namespace grade;

namespace {

// The layout of the contract: an 8-byte length in host byte order, then the payload.
std::string framed(const std::string& payload, std::uint64_t length) {
    std::string header(8, '\0');
    std::memcpy(header.data(), &length, 8);
    return header + payload;
}
std::string framed(const std::string& payload) {
    return framed(payload, payload.size());
}

// Reads object NAME: its first 8 bytes into LENGTH (false if it has fewer), the rest into
// PAYLOAD a block at a time.
bool read_framed(const std::string& name, std::uint64_t& length,
                 const std::function<void(std::string_view)>& payload) {
    int fd = shm_open(name.c_str(), O_RDONLY | O_NOFOLLOW, 0);
    if (fd < 0) return false;
    const bool whole_header = read(fd, &length, 8) == 8;
    feed(fd, payload);
    close(fd);
    return whole_header;
}

// Writes PAYLOAD with shm_write and checks the object byte for byte.
void expect_stored(const std::string& name, const std::string& payload, const char* hint) {
    auto r = run_student("shm_write", {name}, {.input = payload, .timeout = 20});
    expect_exit(r, 0, hint);
    // Compared in place: the payload may be 16 MiB.
    const std::string got = shm_contents(name);
    const std::uint64_t header = payload.size();
    if (got.size() == 8 + payload.size() && std::memcmp(got.data(), &header, 8) == 0 &&
        got.compare(8, std::string::npos, payload) == 0)
        return;
    std::string what = got.size() != 8 + payload.size()
                           ? "an object of " + std::to_string(got.size()) + " bytes"
                           : "the right size but different bytes";
    fail("an object of " + std::to_string(8 + payload.size()) + " bytes: [length " +
             std::to_string(payload.size()) + "][the " + std::to_string(payload.size()) +
             " bytes of stdin]",
         what, hint);
}

// Error paths earn points only from a program that also does its job: a program that does
// nothing but fail must not look like one that handles errors well.
void expect_read_works() {
    auto name = fresh_shm_name();
    std::string payload = random_bytes(1000);
    make_shm(name, framed(payload));
    expect_output(run_student("shm_read", {name}), payload,
                  "shm_read must print a valid object's payload before its error paths count");
}

}  // namespace

GRADED("shm_write stores the length and the payload", 15, "02.write.layout 02.write.size") {
    for (std::size_t n : {0, 1, 4095, 4096, 4097}) {
        expect_stored(fresh_shm_name(), random_bytes(n),
                      "size the object to 8 + L with ftruncate, then store L in the first 8 "
                      "bytes and the payload right after them (binary data: copy bytes, not "
                      "C strings)");
    }
}

GRADED("shm_write stores 16 MiB of stdin", 10, "02.write.large") {
    const char* hint =
        "one read() returns at most what the pipe holds: read stdin in a loop until it returns 0";
    // Fed, read back and compared a MiB at a time, never whole in our memory.
    auto name = fresh_shm_name();
    LongInput payload(16 << 20);
    expect_exit(run_student("shm_write", {name}, {.input_source = payload.source(), .timeout = 20}),
                0, hint);
    OutputCheck stored(payload);
    std::uint64_t header = 0;
    const bool whole_header = read_framed(name, header, stored.sink());
    expect(whole_header && header == payload.size() && stored.difference().empty(),
           "an object of " + std::to_string(8 + payload.size()) + " bytes: [length " +
               std::to_string(payload.size()) + "][the " + std::to_string(payload.size()) +
               " bytes of stdin]",
           !whole_header
               ? "no 8-byte length"
               : "length " + std::to_string(header) + ", then a payload of " +
                     (stored.difference().empty() ? "the right bytes" : stored.difference()),
           hint);
}

GRADED("shm_write shrinks an older, longer object", 10, "02.write.size") {
    auto name = fresh_shm_name();
    expect_stored(name, random_bytes(5000), "the first write must succeed");
    expect_stored(name, random_bytes(10),
                  "an existing object keeps its old size: ftruncate it to exactly 8 + L "
                  "every time, not only when it is new");
}

GRADED("shm_write creates the object with mode 0600", 5, "02.write.mode") {
    auto name = fresh_shm_name();
    expect_exit(run_student("shm_write", {name}, {.input = "x"}), 0, "shm_write must succeed");
    auto info = shm_info(name);
    expect(info && info->mode == 0600, "mode 600", info ? "mode " + octal(info->mode) : "no object",
           "pass 0600 as shm_open's mode argument (the grader runs you with umask 022)");
}

GRADED("shm_read prints exactly the payload", 15, "02.read.payload C.stdout") {
    for (std::size_t n : {0, 1, 4095, 4096, 4097, 100000}) {
        auto name = fresh_shm_name();
        std::string payload = random_bytes(n);
        make_shm(name, framed(payload));
        expect_output(run_student("shm_read", {name}), payload,
                      "write exactly L bytes starting right after the 8-byte header, with no "
                      "newline or other text added, and loop on short writes");
    }
    // More than a pipe holds, while the grader stops and continues shm_read each time it waits
    // in write() for room in its stdout: that write returns the count so far (a short write).
    auto name = fresh_shm_name();
    std::string payload = random_bytes((256 << 10) + random_below(4096));
    make_shm(name, framed(payload));
    Proc p(student_path("shm_read"), {name}, {.timeout = 30});
    stop_while_writing_stdout(p, 10);
    expect_output(p.wait(), payload, short_write_hint("shm_read", "its stdout pipe"));
}

GRADED("shm_read writes the payload from a read-only mapping", 5, "02.read.mapping") {
    // The payload is larger than a pipe holds, and the grader reads nothing until shm_read is
    // stuck in write() on its full stdout: at that moment its mapping of the object is there.
    auto name = fresh_shm_name();
    std::string payload = random_bytes((4 << 20) + random_below(4096));
    make_shm(name, framed(payload));
    Proc p(student_path("shm_read"), {name}, {.timeout = 30});
    for (const double give_up = now() + 20;
         !blocked_in_write(p.pid()) && !p.finished() && now() < give_up;)
        pause_for(0.002);  // an observation: the test goes on once shm_read is stuck writing
    const char* hint =
        "open NAME with O_RDONLY and map it with PROT_READ only: shm_read never changes the "
        "object, and a writable mapping lets a stray store corrupt it for every reader";
    if (p.finished())
        fail("shm_read waiting for the grader to read its output",
             "it exited before writing 4 MiB: " + p.wait().describe(),
             "shm_read must print the whole payload");
    std::string perms;
    for (const auto& m : procfs::mappings(p.pid()))
        if (m.path == "/dev/shm" + name) perms = m.perms;
    expect(!perms.empty(), "a mapping of /dev/shm" + name + " while shm_read writes the payload",
           "no mapping of the object (did it copy the payload out and unmap it first?)",
           "write the payload to stdout straight from the mapping (ipclab::write_all)");
    expect(perms[1] != 'w', "a read-only mapping (PROT_READ)",
           "a mapping with permissions " + perms, hint);
    expect_output(p.wait(), payload, "shm_read must print the whole payload");
}

GRADED("shm_read -u removes the object after reading it", 10, "02.read.remove") {
    auto name = fresh_shm_name();
    std::string payload = random_bytes(300);
    make_shm(name, framed(payload));
    expect_output(run_student("shm_read", {"-u", name}), payload,
                  "-u must still print the payload");
    expect(!shm_info(name), "/dev/shm" + name + " gone", "it is still there",
           "with -u, call shm_unlink(NAME) after writing the payload");
}

GRADED("shm_read rejects corrupt objects without crashing", 15, "02.read.corrupt C.exit") {
    struct Corrupt {
        std::string bytes, why;
    };
    expect_read_works();
    std::string body = random_bytes(100);
    for (const auto& c : std::vector<Corrupt>{
             {"", "an empty object (no room for the header)"},
             {"1234567", "a 7-byte object (no room for the header)"},
             // Past the end of a 7-byte object the page reads as zeros, so an unchecked header
             // of zero bytes says "length 0": only a size check turns this into an error.
             {std::string(7, '\0'), "a 7-byte object of zeros (no room for the header)"},
             {framed(body, 101), "a length one byte longer than the payload"},
             {framed(body, 5000), "a length past the object's last page"},
             {framed(body, ~0ULL - 4), "a length near 2^64 (overflows 8 + L)"}}) {
        auto name = fresh_shm_name();
        make_shm(name, c.bytes);
        auto r = run_student("shm_read", {name});
        const char* hint =
            "a corrupt object is exit 1 with a message and no output: compare the object's size "
            "(fstat) with 8, and L with size - 8 (8 + L can overflow), before touching the "
            "mapping; reading past the object's end is a SIGBUS";
        expect(r.signal() == 0, "exit 1 for " + c.why, r.describe(), hint);
        expect_error(r, 1, hint);
    }
}

GRADED("shm_read reports a missing object", 5, "C.exit") {
    expect_read_works();
    expect_error(run_student("shm_read", {fresh_shm_name()}), 1,
                 "check what shm_open returns: -1 means failure, report it with its errno");
}

GRADED("shm_write and shm_read answer bad arguments with usage and exit 2", 5, "C.usage") {
    expect_stored(fresh_shm_name(), random_bytes(100),
                  "shm_write must store a payload before its error paths count");
    expect_read_works();
    auto name = fresh_shm_name();
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"shm_write", {}},
             {"shm_write", {name, name}},
             {"shm_read", {}},
             {"shm_read", {"-x", name}},
             {"shm_read", {"-u"}},
             {"shm_read", {name, name}}}) {
        expect_usage(run_student(program, args),
                     "check the arguments first: a usage error is exit 2 with \"usage: ...\" on "
                     "stderr, not exit 1");
    }
}

GRADED("shm_write and shm_read release their descriptors and mappings", 10, "C.release") {
    auto name = fresh_shm_name();
    Options traced;
    traced.inspect_exit = true;
    const std::string payload = random_bytes(9000);
    traced.input = payload;
    auto r = run_student("shm_write", {name}, traced);
    expect_exit(r, 0, "shm_write must succeed");
    expect_released(r,
                    "munmap the mapping and close the descriptor before exiting "
                    "(RAII types such as Fd and Mapping do it on every path)");
    traced.input.clear();
    r = run_student("shm_read", {name}, traced);
    // Releasing is judged only after the work is done: doing nothing holds nothing either.
    expect_output(r, payload,
                  "shm_read must print the payload shm_write stored: its length in the first 8 "
                  "bytes, then the payload");
    expect_released(r,
                    "munmap the mapping and close the descriptor before exiting "
                    "(RAII types such as Fd and Mapping do it on every path)");
}

GRADED("shm_write on a full /dev/shm is exit 1 with ENOSPC's message", 5,
       "02.write.enospc C.exit C.message") {
    expect_stored(fresh_shm_name(), random_bytes(1000),
                  "shm_write must store a payload before its error path counts");
    // Each test has a /dev/shm of its own, a small tmpfs (harness/sandbox.cpp): the grader
    // fills it but for ROOM bytes, then gives shm_write a payload that does not fit.
    if (sandbox::describe().rfind("none", 0) == 0)
        fail("a private /dev/shm to fill", "no sandbox: " + sandbox::describe(),
             "this check fills /dev/shm, which only the sandbox makes safe: grade with it");
    struct statvfs vfs {};
    const std::uint64_t room = 64 << 10;
    if (statvfs("/dev/shm", &vfs) != 0 || vfs.f_bavail * vfs.f_frsize < 2 * room)
        throw std::runtime_error("grader: no room to measure in /dev/shm");
    const std::string filler = fresh_shm_name();
    int fd = shm_open(filler.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    bool filled =
        fd >= 0 &&
        posix_fallocate(fd, 0, static_cast<off_t>(vfs.f_bavail * vfs.f_frsize - room)) == 0;
    if (fd >= 0) close(fd);
    if (!filled) throw std::runtime_error("grader could not fill /dev/shm");

    auto r = run_student("shm_write", {fresh_shm_name()},
                         {.input = random_bytes(room + (1 << 20) + random_below(1 << 20))});
    const char* hint =
        "a new object's pages are only found when first touched, and on a full /dev/shm that "
        "touch is a SIGBUS: reserve them with posix_fallocate before writing through the "
        "mapping, and report its error (it returns the error number instead of setting errno)";
    expect(r.signal() == 0, "exit 1 with ENOSPC's message", r.describe(), hint);
    expect_error(r, 1, hint);
    expect(r.err.find(std::strerror(ENOSPC)) != std::string::npos,
           std::string("stderr naming the error: \"") + std::strerror(ENOSPC) + "\"",
           "stderr " + show(r.err), hint);
}
