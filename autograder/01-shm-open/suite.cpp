// Lab 01-shm-open: shm_create, shm_stat and shm_remove, judged through /dev/shm.
#include <cerrno>
#include <cstring>

#include "graded.hpp"

using namespace grade;

namespace {

// Sizes that catch off-by-one and page-rounding mistakes, plus one nobody can guess.
std::vector<std::uint64_t> sizes() {
    return {0, 1, 4095, 4096, 4097, 1 + random_below(1 << 20)};
}

std::string size_and_mode(const ShmInfo& info) {
    return "size " + std::to_string(info.size) + ", mode " + octal(info.mode);
}

// Error paths earn points only from a program that also does its job: a program that does
// nothing but fail must not look like one that handles errors well.
void expect_create_works() {
    auto name = fresh_shm_name();
    expect_exit(run_student("shm_create", {name, "100"}), 0,
                "shm_create must create an object before its error paths count");
    auto info = shm_info(name);
    expect(info && info->size == 100, "an object of 100 bytes",
           info ? size_and_mode(*info) : "no object",
           "shm_create must create an object before its error paths count");
}

void expect_stat_works() {
    auto name = fresh_shm_name();
    make_shm(name, "0123456789", 0640);
    expect_output(run_student("shm_stat", {name}), "10 640\n",
                  "shm_stat must work on an existing object before its error path counts");
}

void expect_remove_works() {
    auto name = fresh_shm_name();
    make_shm(name, random_bytes(32));
    expect_exit(run_student("shm_remove", {name}), 0,
                "shm_remove must succeed on an existing NAME");
    expect(!shm_info(name), "/dev/shm" + name + " gone", "it is still there",
           "closing a descriptor does not remove anything: call shm_unlink(NAME)");
}

}  // namespace

GRADED("shm_create makes an object of exactly SIZE bytes", 15, "01.create.size C.names") {
    for (auto size : sizes()) {
        auto name = fresh_shm_name();
        auto r = run_student("shm_create", {name, std::to_string(size)});
        expect_exit(r, 0, "shm_create must succeed for a new NAME and any SIZE, 0 included");
        auto info = shm_info(name);
        expect(info.has_value(), "/dev/shm" + name + " to exist", "no such object",
               "create the object with shm_open(NAME, O_CREAT | ...)");
        expect(info->size == size, "an object of " + std::to_string(size) + " bytes",
               size_and_mode(*info), "a new object is empty: give it SIZE bytes with ftruncate");
    }
}

GRADED("shm_create gives the object mode 0600", 5, "01.create.mode") {
    auto name = fresh_shm_name();
    expect_exit(run_student("shm_create", {name, "64"}), 0, "shm_create must succeed");
    auto info = shm_info(name);
    expect(info && info->mode == 0600, "mode 600", info ? size_and_mode(*info) : "no object",
           "pass 0600 as shm_open's mode argument (the grader runs you with umask 022)");
}

GRADED("shm_create refuses a NAME that already exists", 15, "01.create.excl C.exit") {
    auto name = fresh_shm_name();
    expect_exit(run_student("shm_create", {name, "16"}), 0,
                "shm_create must succeed on a new NAME");
    std::string old = random_bytes(100 + random_below(1000));
    remove_shm(name);
    make_shm(name, old, 0644);
    auto r = run_student("shm_create", {name, "8"});
    expect_error(r, 1, "creation must be exclusive: use O_CREAT | O_EXCL and report EEXIST");
    expect(shm_contents(name) == old, "the existing object untouched",
           "it now holds " + show(shm_contents(name)),
           "with O_EXCL, shm_open fails before anything is changed");
}

GRADED("shm_create rejects a bad SIZE as a usage error", 10, "01.create.args C.usage") {
    expect_create_works();
    for (std::string bad :
         {"abc", "-1", "12x", "", "9223372036854775808", "99999999999999999999"}) {
        auto name = fresh_shm_name();
        auto r = run_student("shm_create", {name, bad});
        expect_usage(r,
                     "SIZE must be a plain decimal that fits an off_t: check the whole "
                     "string (strtoull/from_chars and the end pointer), its sign and its range");
        expect(!shm_info(name), "no object after a usage error", "/dev/shm" + name + " exists",
               "check the arguments before creating anything");
    }
}

GRADED("every program answers missing arguments with usage and exit 2", 10, "01.args C.usage") {
    expect_create_works();
    expect_stat_works();
    expect_remove_works();
    auto name = fresh_shm_name();
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"shm_create", {}},
             {"shm_create", {name}},
             {"shm_create", {name, "1", "2"}},
             {"shm_stat", {}},
             {"shm_stat", {name, name}},
             {"shm_remove", {}}}) {
        expect_usage(run_student(program, args),
                     "count the arguments first: a usage error is exit 2 with \"usage: ...\" on "
                     "stderr, not exit 1");
    }
}

GRADED("shm_stat prints SIZE and MODE of an object", 15, "01.stat.print C.stdout") {
    for (unsigned mode : {0600u, 0640u, 0444u, 0604u}) {
        auto name = fresh_shm_name();
        std::string bytes = random_bytes(random_below(70000));
        make_shm(name, bytes, mode);
        auto r = run_student("shm_stat", {name});
        expect_output(r, std::to_string(bytes.size()) + " " + octal(mode) + "\n",
                      "print st_size, a space, the permission bits (st_mode & 07777) in octal "
                      "without a leading zero, and a newline");
    }
}

GRADED("shm_stat reports a missing object", 10, "01.stat.missing C.exit") {
    expect_stat_works();
    auto r = run_student("shm_stat", {fresh_shm_name()});
    expect_error(r, 1, "check what shm_open returns: -1 means failure, report it with its errno");
}

GRADED("shm_remove removes the object", 10, "01.remove") {
    expect_remove_works();
}

GRADED("shm_remove reports a missing object", 5, "01.remove.missing C.exit") {
    expect_remove_works();
    auto r = run_student("shm_remove", {fresh_shm_name()});
    expect_error(r, 1, "shm_unlink fails with ENOENT for a missing NAME: check its result");
}

GRADED("error messages name the program and the system's reason", 5, "C.message") {
    expect_stat_works();
    auto name = fresh_shm_name();
    make_shm(name, "x");
    struct Case {
        std::string program;
        std::vector<std::string> args;
        int error;
    };
    for (const auto& c : std::vector<Case>{{"shm_stat", {fresh_shm_name()}, ENOENT},
                                           {"shm_create", {name, "8"}, EEXIST}}) {
        auto r = run_student(c.program, c.args);
        const std::string want = c.program + ": ... " + std::strerror(c.error);
        const char* hint =
            "an error message is \"<program>: <what failed>: <strerror(errno)>\", with the "
            "program's name as the handout spells it (argv[0] is a whole path when the grader "
            "runs you): ipclab::fail(\"shm_stat\", \"shm_open\") writes exactly that";
        expect_error(r, 1, hint);
        expect(r.err.rfind(c.program + ": ", 0) == 0 &&
                   r.err.find(std::strerror(c.error)) != std::string::npos,
               "stderr like \"" + want + "\"", "stderr " + show(r.err), hint);
    }
}

GRADED("shm_create and shm_stat release their descriptors", 5, "C.release") {
    auto name = fresh_shm_name();
    Options traced;
    traced.inspect_exit = true;
    auto r = run_student("shm_create", {name, "4096"}, traced);
    expect_exit(r, 0, "shm_create must succeed");
    // Releasing is judged only after the work is done: doing nothing holds nothing either.
    auto info = shm_info(name);
    expect(info && info->size == 4096, "an object of 4096 bytes",
           info ? size_and_mode(*info) : "no object",
           "shm_create must create NAME and size it with ftruncate");
    expect_released(r, "close the descriptor shm_open gave you (an RAII Fd does it for you)");
    r = run_student("shm_stat", {name}, traced);
    expect_exit(r, 0, "shm_stat must succeed");
    expect(r.out.rfind("4096 ", 0) == 0, "stdout starting with \"4096 \"", "stdout " + show(r.out),
           "shm_stat must print the object's size first");
    expect_released(r, "close the descriptor shm_open gave you (an RAII Fd does it for you)");
}
