// What a graded test says: expect something of a run, or fail with what was expected, what
// happened, and a hint that names the likely bug. The first failed expectation ends the test.
#pragma once

#include <string>
#include <string_view>

#include "process.hpp"

namespace grade {

// Thrown by the expect functions; the suite's listener turns it into the test's feedback.
struct Failure {
    std::string text;
};

// Fails the current test: "expected: ... / got: ... / hint: ...".
[[noreturn]] void fail(std::string_view expected, std::string_view got, std::string_view hint);
// Fails unless OK holds.
void expect(bool ok, std::string_view expected, std::string_view got, std::string_view hint);

// The run exited with CODE (not killed, not timed out, and valgrind-clean in VALGRIND=1 mode).
void expect_exit(const Result& r, int code, std::string_view hint);
// The run exited 0 and wrote exactly WANT to stdout.
void expect_output(const Result& r, std::string_view want, std::string_view hint);
// The run failed as the contract says: exit CODE, a message on stderr, nothing on stdout.
void expect_error(const Result& r, int code, std::string_view hint);
// The run was a usage error: exit 2 and stderr starting with "usage:".
void expect_usage(const Result& r, std::string_view hint);
// The run (made with Options::inspect_exit) released every descriptor and shared mapping.
void expect_released(const Result& r, std::string_view hint);

// PID (not a Proc of ours) sleeps in the kernel and uses no CPU over WINDOW seconds. A WINDOW
// of up to 0.3 s ends after 0.1 s if PID did not run at all meanwhile; a longer one is watched
// in full (a test may count wake-ups over it).
void expect_pid_blocked(pid_t pid, const std::string& who, const std::string& what,
                        const std::string& hint, double window = 0.3);
// The same of a running Proc: the evidence that it blocks instead of spinning. WHAT names what it
// should be waiting for.
void expect_blocked(Proc& p, std::string_view what, std::string_view hint, double window = 0.3);

// A short, printable rendering of bytes for messages ("4097 bytes: 'ab\x00c...'").
std::string show(std::string_view bytes);
// The bytes around offset AT, both sides, for "first difference at byte AT": "...\"ab\nc\"...".
std::string show_around(std::string_view bytes, std::size_t at);

}  // namespace grade
