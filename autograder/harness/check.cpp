#include "check.hpp"

#include <cstdio>
#include <sstream>

#include "clock.hpp"
#include "procfs.hpp"
#include "watch.hpp"

namespace grade {

std::string show(std::string_view bytes) {
    std::string s = std::to_string(bytes.size()) + " byte" + (bytes.size() == 1 ? "" : "s");
    if (bytes.empty()) return s;
    s += ": \"";
    for (std::size_t i = 0; i < bytes.size() && i < 60; ++i) {
        unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n') {
            s += "\\n";
        } else if (c == '"' || c == '\\') {
            s += '\\';
            s += static_cast<char>(c);
        } else if (c >= 32 && c < 127) {
            s += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            s += hex;
        }
    }
    return s + (bytes.size() > 60 ? "\"..." : "\"");
}

std::string show_around(std::string_view bytes, std::size_t at) {
    if (at >= bytes.size()) return "the end";
    const std::size_t from = at > 16 ? at - 16 : 0;
    std::string s = show(bytes.substr(from, 32));  // "N bytes: \"...\""
    s = s.substr(s.find(": ") + 2);
    return (from > 0 ? "..." : "") + s + (from + 32 < bytes.size() ? "..." : "");
}

void fail(std::string_view expected, std::string_view got, std::string_view hint) {
    std::ostringstream s;
    s << "expected: " << expected << "\ngot:      " << got << "\nhint:     " << hint;
    throw Failure{s.str()};
}

void expect(bool ok, std::string_view expected, std::string_view got, std::string_view hint) {
    if (!ok) fail(expected, got, hint);
}

namespace {

std::string ran(const Result& r) {
    return "`" + r.command + "` ";
}

// What every check of a run's status looks at first: did it finish, and is valgrind happy?
// A run that hung gets the hint that names why, when the deadlock's processes tell
// (explain_deadlock), rather than the test's hint, which is about what it should have printed.
void expect_finished(const Result& r, std::string_view hint) {
    if (r.deadlocked && !r.deadlock_hint.empty())
        fail(ran(r) + "to finish", r.describe(), r.deadlock_hint);
    if (r.timed_out || r.deadlocked)
        fail(ran(r) + "to finish", r.describe(),
             std::string(hint) +
                 " (a program that waits must be woken by something: is every step it waits for "
                 "really going to happen?)");
    if (!r.valgrind_report.empty())
        fail(ran(r) + "to be valgrind-clean", "valgrind's report:\n" + r.valgrind_report,
             "free what you allocate and close what you open, on every path out");
}

std::string stderr_tail(const Result& r) {
    if (r.err.empty()) return "";
    std::string e = r.err.size() > 300 ? r.err.substr(0, 300) + "..." : r.err;
    while (!e.empty() && e.back() == '\n')
        e.pop_back();
    return "; stderr: " + e;
}

}  // namespace

void expect_exit(const Result& r, int code, std::string_view hint) {
    expect_finished(r, hint);
    if (r.exit_code() != code)
        fail(ran(r) + "exit " + std::to_string(code), r.describe() + stderr_tail(r), hint);
}

void expect_output(const Result& r, std::string_view want, std::string_view hint) {
    expect_exit(r, 0, hint);
    if (r.out == want) return;
    std::size_t i = 0;
    while (i < r.out.size() && i < want.size() && r.out[i] == want[i])
        ++i;
    fail("stdout " + show(want),
         "stdout " + show(r.out) + "\n          first difference at byte " + std::to_string(i) +
             ": expected " + show_around(want, i) + ", got " + show_around(r.out, i),
         hint);
}

void expect_error(const Result& r, int code, std::string_view hint) {
    expect_exit(r, code, hint);
    expect(r.out.empty(), ran(r) + "nothing on stdout (errors go to stderr)",
           "stdout " + show(r.out), hint);
    expect(!r.err.empty(), ran(r) + "a message on stderr", "nothing on stderr", hint);
}

void expect_usage(const Result& r, std::string_view hint) {
    expect_exit(r, 2, hint);
    expect(r.err.rfind("usage:", 0) == 0, ran(r) + "stderr starting with \"usage:\"",
           "stderr " + show(r.err), hint);
}

void expect_released(const Result& r, std::string_view hint) {
    std::string held;
    for (const auto& h : r.held_at_exit)
        held += (held.empty() ? "" : ", ") + h;
    expect(held.empty(), ran(r) + "to release everything before exiting",
           "still held at exit: " + held, hint);
}

void expect_blocked(Proc& p, std::string_view what, std::string_view hint, double window) {
    expect_pid_blocked(p.pid(), "the program", std::string(what), std::string(hint), window);
}

namespace {

constexpr double kConfirm = 0.1;  // seconds: the shortest look that proves a program asleep
// Longer looks are watched in full: tests that ask for one count what happens during it.
constexpr double kQuickLook = 0.3;
}  // namespace

void expect_pid_blocked(pid_t pid, const std::string& who, const std::string& what,
                        const std::string& hint, double window) {
    // Observation, not synchronisation: nothing the program does depends on these pauses; they
    // only give the kernel's accounting time to show what it does. Under valgrind a program
    // needs seconds just to start.
    const int patience = valgrind_mode() ? 30 : 5;
    const double give_up = now() + patience;
    double used = 0;
    char state = 0;
    for (;;) {
        state = pid_state(pid);
        for (; state != 'S' && state != 'D' && state != 'Z' && state != 0 && now() < give_up;
             state = pid_state(pid))
            pause_for(0.002);
        expect(state != 'Z' && state != 0, who + " still waiting for " + what,
               "it had already exited", hint);
        expect(state == 'S' || state == 'D', who + " asleep waiting for " + what,
               std::string("process state ") + state + " for " + std::to_string(patience) +
                   " s (running, not waiting)",
               hint);
        // The evidence: over WINDOW it stays asleep and uses (almost) no CPU. A program that
        // shows it sooner ends the look early: asleep ('S', not the 'D' of a page being read
        // in) at both ends of a shorter look, and in between not run at all (not one context
        // switch, not one tick of CPU) has waited all that time, which is all a longer look
        // could see of it.
        const double before = pid_cpu_seconds(pid);
        if (window > kConfirm && window <= kQuickLook) {
            const auto switches = procfs::switches(pid);
            pause_for(kConfirm);
            if (state == 'S' && pid_state(pid) == 'S' && procfs::switches(pid) == switches &&
                pid_cpu_seconds(pid) == before && switches.voluntary >= 0)
                return;
            pause_for(window - kConfirm);
        } else {
            pause_for(window);
        }
        used = pid_cpu_seconds(pid) - before;
        state = pid_state(pid);
        if (used < 0.05 + window / 10 && (state == 'S' || state == 'D')) return;
        // Under valgrind a program first translates its code for seconds, and may pause in
        // that for a page read from disk: a look that began in such a pause saw the start,
        // not the wait. Another look then, while patience lasts; a loop never passes one.
        if (!valgrind_mode() || now() >= give_up) break;
    }
    fail(who + " using no CPU while waiting for " + what,
         std::to_string(static_cast<int>(used * 1000)) + " ms of CPU in " +
             std::to_string(static_cast<int>(window * 1000)) + " ms, state " + state,
         hint + " (a program that waits must block in the kernel, not loop)");
}

}  // namespace grade
