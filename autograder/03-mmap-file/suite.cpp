// Lab 03-mmap-file: mmap_cat, mmap_write, mmap_private and mmap_counter, judged through the
// files they leave, their output, and (for mmap_cat) the mappings of the running program.
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "files.hpp"
#include "graded.hpp"
#include "procfs.hpp"
#include "shortwrites.hpp"

using namespace grade;
using namespace grade::lab03;

namespace {

// A fresh file in the scratch directory holding BYTES.
std::string make_file(const std::string& bytes, unsigned mode = 0644) {
    std::string path = fresh_path("file");
    write_file(path, bytes, mode);
    return path;
}

// Compares a file with what it should hold, naming the first byte that differs.
void expect_file(const std::string& path, const std::string& want, const std::string& what,
                 std::string_view hint) {
    auto got = read_file(path);
    if (got && *got == want) return;
    std::string how = "no file";
    if (got) {
        std::size_t i = 0;
        while (i < got->size() && i < want.size() && (*got)[i] == want[i])
            ++i;
        how = std::to_string(got->size()) + " bytes, first difference at byte " + std::to_string(i);
    }
    fail(what + " (" + std::to_string(want.size()) + " bytes)", how, hint);
}

// A file with TEXT stored at OFFSET, as mmap_write should leave it.
std::string spliced(std::string old, std::uint64_t offset, const std::string& text) {
    if (old.size() < offset + text.size()) old.resize(offset + text.size(), '\0');
    old.replace(offset, text.size(), text);
    return old;
}

// Error paths earn points only from programs that also do their job.
void expect_cat_works() {
    std::string bytes = random_bytes(5000 + random_below(5000));
    expect_output(run_student("mmap_cat", {make_file(bytes)}), bytes,
                  "mmap_cat must print a readable file before its error paths count");
}

void expect_write_works() {
    std::string old = random_bytes(3000), text = random_word(1 + random_below(20));
    std::string path = make_file(old);
    std::uint64_t offset = random_below(old.size() - text.size());
    expect_exit(run_student("mmap_write", {path, std::to_string(offset), text}), 0,
                "mmap_write must write into a writable file before its error paths count");
    expect_file(path, spliced(old, offset, text), "TEXT at OFFSET",
                "mmap_write must write into a writable file before its error paths count");
}

void expect_private_works() {
    std::string old = random_bytes(2000), text = random_word(10);
    expect_output(run_student("mmap_private", {make_file(old), text}), spliced(old, 0, text),
                  "mmap_private must print the file with TEXT over its start before its error "
                  "paths count");
}

// Runs mmap_counter on the given CPUs ({} = all) and expects PROCS * N.
void expect_count(std::uint64_t procs, std::uint64_t n, const std::vector<int>& cpus,
                  std::string_view hint) {
    Result r;
    on_cpus(cpus, [&] {
        r = run_student("mmap_counter", {std::to_string(procs), std::to_string(n)},
                        {.timeout = 60});
    });
    std::string where = cpus.size() == 1 ? " (on one CPU)" : "";
    expect_output(r, std::to_string(procs * n) + "\n", std::string(hint) + where);
}

}  // namespace

GRADED("mmap_cat prints a file byte for byte", 10, "03.cat.bytes C.stdout") {
    const char* hint =
        "map st_size bytes (not a rounded page count) and write them all, looping on short "
        "writes";
    for (std::size_t n : {0, 1, 4095, 4096, 4097}) {
        std::string bytes = random_bytes(n);
        auto r = run_student("mmap_cat", {make_file(bytes)});
        expect_output(r, bytes,
                      n == 0 ? "an empty file prints nothing and succeeds: mmap of length 0 "
                               "fails with EINVAL, so do not map an empty file"
                             : hint);
    }
    // 64 MiB: written to the file and checked a MiB at a time, never whole in our memory.
    LongInput big(64 << 20);
    OutputCheck same(big);
    expect_output(
        run_student("mmap_cat", {big.to_file()}, {.timeout = 30, .stdout_sink = same.sink()}), same,
        hint);
    // A write to a file is never short: this one goes to a pipe, and the grader stops and
    // continues mmap_cat each time it waits in write() for room there (a short write).
    std::string bytes = random_bytes((256 << 10) + random_below(4096));
    Proc p(student_path("mmap_cat"), {make_file(bytes)}, {.timeout = 30});
    stop_while_writing_stdout(p, 10);
    expect_output(p.wait(), bytes, short_write_hint("mmap_cat", "its stdout pipe"));
}

GRADED("mmap_cat reads the file through a mapping", 10, "03.cat.mapping") {
    // The file is far larger than a pipe holds. The grader reads nothing until mmap_cat is
    // stuck in write() on its full stdout: at that moment its mapping must be there.
    std::string bytes = random_bytes((4 << 20) + random_below(4096));
    std::string path = make_file(bytes);
    char* real = realpath(path.c_str(), nullptr);
    std::string canonical = real ? real : path;
    std::free(real);

    Proc p(student_path("mmap_cat"), {path}, {.timeout = 30});
    const double give_up = now() + 20;
    while (!blocked_in_write(p.pid()) && !p.finished() && now() < give_up)
        pause_for(0.002);
    if (p.finished())
        fail("mmap_cat waiting for the grader to read its output",
             "it exited before writing 4 MiB: " + p.wait().describe(),
             "mmap_cat must print the whole file");
    expect(blocked_in_write(p.pid()), "mmap_cat blocked in write() on its full stdout",
           "it never blocked in write() within 20 s",
           "write the mapping to stdout with write() (ipclab::write_all)");
    std::string found;
    for (const auto& m : procfs::mappings(p.pid()))
        if (m.path == canonical) found = m.perms;
    expect(!found.empty(), "a mapping of " + canonical + " while mmap_cat writes it",
           "no mapping of the file (did it read() the file into a buffer?)",
           "map the file with mmap(PROT_READ) and write() straight from the mapping: reading it "
           "with read() is what this lab replaces");
    expect(found[1] != 'w', "a read-only mapping (PROT_READ)",
           "a mapping with permissions " + found,
           "mmap_cat only reads: map with PROT_READ, so a stray store faults instead of changing "
           "the file");
    expect_output(p.wait(), bytes, "mmap_cat must print the whole file");
}

GRADED("mmap_cat reports a missing file and a directory", 5, "03.cat.errors C.exit") {
    expect_cat_works();
    const char* hint =
        "check open and fstat: a missing file is exit 1 with a message on stderr, and so is a "
        "directory (S_ISREG is false: it has no bytes to map); nothing on stdout";
    expect_error(run_student("mmap_cat", {fresh_path("missing")}), 1, hint);
    std::string dir = fresh_path("dir");
    mkdir(dir.c_str(), 0755);
    at_test_end([dir] { rmdir(dir.c_str()); });
    auto r = run_student("mmap_cat", {dir});
    expect(r.signal() == 0, "exit 1 for a directory", r.describe(), hint);
    expect_error(r, 1, hint);
}

GRADED("mmap_write stores TEXT inside the file", 10, "03.write.store") {
    for (int i = 0; i < 4; ++i) {
        std::string old = random_bytes(1 + random_below(20000));
        std::string text = random_word(1 + random_below(std::min<std::size_t>(old.size(), 40)));
        std::uint64_t offset = i == 0 ? 0 : random_below(old.size() - text.size() + 1);
        std::string path = make_file(old);
        expect_exit(run_student("mmap_write", {path, std::to_string(offset), text}), 0,
                    "mmap_write must succeed on a writable file");
        expect_file(path, spliced(old, offset, text),
                    "the old bytes with TEXT at offset " + std::to_string(offset) +
                        ", read back with read() right after mmap_write exited",
                    "map the file with MAP_SHARED: stores to a MAP_PRIVATE mapping go to a "
                    "private copy and never reach the file");
    }
}

GRADED("mmap_write grows the file when TEXT passes its end", 10, "03.write.grow") {
    std::string old = random_bytes(4096 + random_below(4096));
    std::string text = random_word(20);
    struct Case {
        std::uint64_t offset;
        std::string text;
    };
    for (auto c : std::vector<Case>{{old.size(), text},         // right at the end
                                    {old.size() - 7, text},     // across the end
                                    {old.size() + 5000, text},  // a page past it
                                    {old.size() + 3 + random_below(9000), ""}}) {  // grow only
        std::string path = make_file(old);
        auto r = run_student("mmap_write", {path, std::to_string(c.offset), c.text});
        const char* hint =
            "a mapping cannot make a file longer (a store past the end is a SIGBUS): first "
            "ftruncate the file to OFFSET + len(TEXT) when that passes its end; an empty TEXT "
            "still grows the file to OFFSET";
        expect_exit(r, 0, hint);
        expect_file(path, spliced(old, c.offset, c.text),
                    "the file grown to " + std::to_string(c.offset + c.text.size()) +
                        " bytes with TEXT at offset " + std::to_string(c.offset),
                    hint);
    }
}

GRADED("mmap_write creates a missing file and zero-fills the gap", 5, "03.write.create") {
    std::string path = fresh_path("new");
    std::string text = random_word(30);
    std::uint64_t offset = (10 << 20) + random_below(100000);
    const char* hint =
        "open FILE with O_RDWR | O_CREAT and mode 0644, then ftruncate it to OFFSET + len(TEXT): "
        "the bytes before OFFSET are a hole that reads as zeros";
    expect_exit(run_student("mmap_write", {path, std::to_string(offset), text}), 0, hint);
    auto info = file_info(path);
    expect(info && info->mode == 0644, "a new file with mode 644",
           info ? "mode " + octal(info->mode) : "no file", hint);
    expect_file(path, std::string(offset, '\0') + text,
                std::to_string(offset) + " zero bytes, then TEXT", hint);
}

GRADED("mmap_write refuses a read-only file without crashing", 5, "C.exit") {
    expect_write_works();
    std::string old = random_bytes(1000);
    std::string path = make_file(old);
    make_read_only(path);
    auto r = run_student("mmap_write", {path, "10", random_word(8)});
    const char* hint =
        "check every call: open(O_RDWR) fails on a read-only file, and that is exit 1 with a "
        "message; a program that maps anyway crashes on MAP_FAILED";
    expect(r.signal() == 0, "exit 1 with a message", r.describe(), hint);
    expect_error(r, 1, hint);
    expect_file(path, old, "the read-only file unchanged", hint);
}

GRADED("mmap_private prints TEXT over the start of the file", 5, "03.private.print") {
    for (std::size_t n : {1, 4096, 5000}) {
        std::string old = random_bytes(n);
        std::size_t len = n == 1 ? 1 : 1 + random_below(50);
        std::string text = random_word(len);
        auto r = run_student("mmap_private", {make_file(old), text});
        expect_output(r, spliced(old, 0, text),
                      "map the whole file MAP_PRIVATE with PROT_WRITE, copy exactly len(TEXT) "
                      "bytes over its start (memcpy: no terminating NUL), then print every "
                      "byte of the mapping");
    }
}

GRADED("mmap_private leaves the file on disk unchanged", 5, "03.private.file") {
    std::string old = random_bytes(3000 + random_below(3000));
    std::string path = make_file(old);
    std::string text = random_word(64);
    expect_output(run_student("mmap_private", {path, text}), spliced(old, 0, text),
                  "mmap_private must print the file with TEXT over its start");
    expect_file(path, old, "the file on disk as it was",
                "use MAP_PRIVATE: its stores are copy-on-write and stay in this process; "
                "MAP_SHARED would write them into the file");
}

GRADED("mmap_private refuses TEXT longer than the file", 5, "03.private.long") {
    expect_private_works();
    std::string old = random_bytes(100 + random_below(100));
    std::string path = make_file(old);
    const char* hint =
        "compare len(TEXT) with the file's size (fstat) before copying: TEXT longer than the "
        "file, or an empty file, is exit 1 with a message (a copy past the end is a SIGBUS or "
        "silently lost)";
    for (auto [file, text] : std::vector<std::pair<std::string, std::string>>{
             {path, random_word(old.size() + 1)}, {make_file(""), "x"}}) {
        auto r = run_student("mmap_private", {file, text});
        expect(r.signal() == 0, "exit 1 with a message", r.describe(), hint);
        expect_error(r, 1, hint);
    }
    expect_file(path, old, "the file unchanged", hint);
}

GRADED("mmap_private refuses an empty file, also with an empty TEXT", 5, "03.private.empty") {
    expect_private_works();
    // An empty TEXT is never longer than the file: only a check of the file's own size
    // catches this case (mapping 0 bytes fails; printing nothing is no answer either).
    auto r = run_student("mmap_private", {make_file(""), ""});
    const char* hint =
        "an empty file has nothing to map (mmap of 0 bytes fails with EINVAL): check its size "
        "(fstat) first and make an empty file exit 1 with a message, even for an empty TEXT";
    expect(r.signal() == 0, "exit 1 with a message", r.describe(), hint);
    expect_error(r, 1, hint);
}

GRADED("mmap_counter prints PROCS x N", 5, "03.counter.total") {
    for (auto [procs, n] : std::vector<std::pair<std::uint64_t, std::uint64_t>>{
             {1, 1}, {0, 7}, {5, 0}, {3, 1000 + random_below(5000)}, {64, 100}}) {
        expect_count(procs, n, {},
                     "every child must increment the same counter: MAP_SHARED | MAP_ANONYMOUS "
                     "memory is shared with the children; MAP_PRIVATE gives each its own copy");
    }
}

CONCURRENT_GRADED("mmap_counter loses no increment, on one CPU and on two", 10,
                  "03.counter.atomic") {
    const char* hint =
        "++counter is a load, an add and a store: two processes can load the same value and "
        "one increment is lost. Use an atomic read-modify-write: "
        "std::atomic_ref<std::uint64_t>(counter).fetch_add(1)";
    // Under the perturber each round counts its share.
    const std::uint64_t n = per_round(200000), long_n = per_round(2000000);
    if (cpu_count() > 1) expect_count(8, n, {0, 1}, hint);
    expect_count(8, n, {0}, hint);
    // An adversarial schedule: the grader keeps stopping all children but one, so that a
    // child caught between its load and its store writes back a stale count.
    for (const std::vector<int>& cpus : {std::vector<int>{0}, std::vector<int>{}}) {
        // Only the program is pinned: the grader must stay free to step in while it runs.
        std::unique_ptr<Proc> p;
        on_cpus(cpus, [&] {
            p = std::make_unique<Proc>(student_path("mmap_counter"),
                                       std::vector<std::string>{"8", std::to_string(long_n)},
                                       Options{.timeout = 60});
        });
        interleave_children(*p, 50);
        expect_output(p->wait(), std::to_string(8 * long_n) + "\n",
                      std::string(hint) + " (the grader paused some children while others ran)");
    }
}

GRADED("mmap_counter waits for every child", 5, "03.counter.wait C.release") {
    for (std::uint64_t procs : {3, 16}) {
        auto r = run_student("mmap_counter", {std::to_string(procs), "20000"},
                             {.timeout = 30, .inspect_exit = true});
        const char* hint =
            "call wait() once per child you forked, before printing: an unwaited child may "
            "still be counting, and stays a zombie";
        expect_output(r, std::to_string(procs * 20000) + "\n", hint);
        expect_released(r, hint);
    }
}

GRADED("every program releases its descriptors and mappings", 5, "C.release") {
    const char* hint =
        "munmap every mapping and close every descriptor before exiting (ipclab::Mapping and "
        "ipclab::Fd do it on every path)";
    Options traced{.inspect_exit = true};
    std::string bytes = random_bytes(10000);
    std::string path = make_file(bytes);
    auto r = run_student("mmap_cat", {path}, traced);
    expect_output(r, bytes, hint);
    expect_released(r, hint);
    r = run_student("mmap_write", {path, "20000", random_word(5)}, traced);
    expect_exit(r, 0, hint);
    expect_released(r, hint);
    r = run_student("mmap_private", {path, random_word(5)}, traced);
    expect_exit(r, 0, hint);
    expect_released(r, hint);
    r = run_student("mmap_counter", {"2", "10"}, traced);
    expect_output(r, "20\n", hint);
    expect_released(r, hint);
}

GRADED("bad arguments are usage errors (exit 2)", 5, "03.write.args C.usage") {
    expect_write_works();
    expect_cat_works();
    expect_private_works();
    expect_count(2, 1000, {}, "mmap_counter must count before its error paths count");
    std::string path = fresh_path("usage");
    const char* hint =
        "check the arguments before doing anything: wrong count or a number that is not a "
        "plain decimal (\"abc\", \"-1\", \"12x\", \"\") is exit 2 with \"usage: ...\" on "
        "stderr";
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"mmap_write", {path, "abc", "x"}},
             {"mmap_write", {path, "-1", "x"}},
             {"mmap_write", {path, "12x", "x"}},
             {"mmap_write", {path, "", "x"}},
             {"mmap_write", {path, " 7", "x"}},
             {"mmap_write", {path, "1"}},
             {"mmap_cat", {}},
             {"mmap_cat", {path, path}},
             {"mmap_private", {path}},
             {"mmap_counter", {"2"}},
             {"mmap_counter", {"x", "3"}},
             {"mmap_counter", {"2", "-3"}}}) {
        expect_usage(run_student(program, args), hint);
        expect(!file_info(path), "no file made by a usage error", path + " exists", hint);
    }
}
