// Unit tests of the harness's process runner: the grader's own instruments must be right
// before any verdict built on them can be trusted.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "check.hpp"
#include "fixtures.hpp"
#include "process.hpp"
#include "sandbox.hpp"
#include "streams.hpp"
#include "watch.hpp"

using namespace grade;

namespace {
Result sh(const std::string& script, Options opt = {}) {
    return run("/bin/sh", {"-c", script}, opt);
}
}  // namespace

TEST_CASE("run captures stdout, stderr and the exit code") {
    auto r = sh("printf 'a\\0b'; echo oops >&2; exit 3");
    CHECK(r.out == std::string("a\0b", 3));
    CHECK(r.err == "oops\n");
    CHECK(r.exit_code() == 3);
    CHECK(r.describe() == "exit 3");
}

TEST_CASE("run feeds stdin larger than a pipe while reading stdout") {
    std::string input = random_bytes(3 << 20);
    auto r = run("/bin/cat", {}, {.input = input});
    CHECK(r.exit_code() == 0);
    CHECK(r.out == input);
}

TEST_CASE("a long input is the same bytes each time, and streams through a run unheld") {
    LongInput in(3 * LongInput::kBlock + 12345, letters_every_third);
    std::string a, b;
    in.block(3, a);
    in.block(3, b);
    CHECK(a.size() == 12345);
    CHECK(a == b);
    in.block(1, a);
    CHECK(a.size() == LongInput::kBlock);
    CHECK((a[0] >= 'a' && a[0] <= 'z'));
    CHECK(a != b.substr(0, a.size()));

    OutputCheck upper(in, upper_ascii);
    auto r = run("/usr/bin/tr", {"a-z", "A-Z"},
                 {.input_source = in.source(), .stdout_sink = upper.sink()});
    CHECK(r.exit_code() == 0);
    CHECK(r.out.empty());  // it went to the sink
    CHECK(upper.difference().empty());
    OutputCheck same(in);  // the same run's bytes are not the input's
    run("/usr/bin/tr", {"a-z", "A-Z"}, {.input_source = in.source(), .stdout_sink = same.sink()});
    CHECK(same.difference().find("first difference at byte 0:") != std::string::npos);
}

TEST_CASE("an output check names the first difference, a short output and a long one") {
    LongInput in(2 * LongInput::kBlock);
    std::string first, second;
    in.block(0, first);
    in.block(1, second);
    auto fed = [&](std::string_view a, std::string_view b) {
        auto check = std::make_unique<OutputCheck>(in);
        auto sink = check->sink();
        sink(a);
        sink(b);
        return check->difference();
    };
    CHECK(fed(first, second).empty());
    std::string changed = second;
    changed[777] ^= 1;
    CHECK(fed(first, changed).rfind("2097152 bytes, first difference at byte 1049353: ", 0) == 0);
    CHECK(fed(first, "").rfind("1048576 bytes instead of 2097152, first difference at byte "
                               "1048576: expected",
                               0) == 0);
    CHECK(fed(first, second + "x").find("at byte 2097152: expected the end, got") !=
          std::string::npos);
}

TEST_CASE("run reports death by signal") {
    auto r = sh("kill -SEGV $$");
    CHECK(r.signal() == SIGSEGV);
    CHECK(r.describe().find("SIGSEGV") != std::string::npos);
}

TEST_CASE("run kills a program at its deadline, children included") {
    // The evidence that the children were killed, not waited for: the run ends at all, long
    // before they would end by themselves (not how soon, which a loaded machine decides).
    const double start = now();
    auto r = sh("sleep 600 & sleep 600", {.timeout = 0.3});
    CHECK(r.timed_out);
    CHECK(r.describe().find("timed out after 0.3 s") != std::string::npos);
    CHECK(now() - start < 300);
}

TEST_CASE("student programs start with only descriptors 0, 1 and 2, LC_ALL=C and umask 022") {
    auto r = sh("ls /proc/$$/fd | tr '\\n' ' '; echo; echo $LC_ALL; umask");
    CHECK(r.out == "0 1 2 \nC\n0022\n");
}

TEST_CASE("inspect_exit records descriptors and shared mappings still held at exit") {
    auto r = sh("exec 7</dev/null; exit 0", {.inspect_exit = true});
    CHECK(r.exit_code() == 0);
    REQUIRE(r.held_at_exit.size() == 1);
    CHECK(r.held_at_exit[0].find("descriptor 7") == 0);
    CHECK(sh("exit 0", {.inspect_exit = true}).held_at_exit.empty());
}

TEST_CASE("inspect_exit records children that were never waited for") {
    // `exec cat` makes the background `true` a child of cat, which never waits for anything.
    Proc p("/bin/sh", {"-c", "true & exec cat"}, {.interactive = true, .inspect_exit = true});
    p.close_stdin();
    auto r = p.wait();
    REQUIRE(r.held_at_exit.size() == 1);
    CHECK(r.held_at_exit[0].find("child process") != std::string::npos);
}

TEST_CASE("inspect_exit passes signals on and keeps the exit status") {
    auto r = sh("trap 'exit 9' USR1; kill -USR1 $$; sleep 1", {.inspect_exit = true});
    CHECK(r.exit_code() == 9);
}

TEST_CASE("Proc talks to a running program and observes its state") {
    // Deadlines far beyond what the test needs: a loaded machine may be slow to start a program.
    Proc cat("/bin/cat", {}, {.interactive = true, .timeout = 60});
    cat.write("hello\n");
    CHECK(cat.read_line(60) == "hello\n");
    // cat now sleeps in read(): the kernel says so, and it uses no CPU.
    CHECK_NOTHROW(expect_blocked(cat, "input", "hint"));
    cat.close_stdin();
    CHECK(cat.wait().exit_code() == 0);
}

TEST_CASE("children_cpu is the CPU time of the children the program waited for") {
    // The subshell is a child that sh forks and waits for; the same loop in sh itself is its
    // own time. Either takes some milliseconds.
    const std::string loop = "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done";
    auto busy = sh("(" + loop + "); exit 0", {.timeout = 120});
    CHECK(busy.exit_code() == 0);
    CHECK(busy.children_cpu > 0.002);
    auto alone = sh(loop + "; exit 0", {.timeout = 120});
    CHECK(alone.cpu > 0.002);
    CHECK(alone.children_cpu == 0);
    auto idle = sh("exit 0");
    CHECK(idle.children_cpu == 0);
}

TEST_CASE("expect_blocked tells a sleeping program from a spinning one") {
    Proc sleeper("/bin/cat", {}, {.interactive = true});
    expect_blocked(sleeper, "input", "hint");
    Proc spinner("/bin/sh", {"-c", "while :; do :; done"}, {.timeout = 5});
    CHECK_THROWS_AS(expect_blocked(spinner, "nothing", "hint"), Failure);
}

TEST_CASE("kill_all_children removes escaped grandchildren") {
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    auto r = sh("setsid sleep 100 >/dev/null 2>&1 & exit 0");
    CHECK(r.exit_code() == 0);
    kill_all_children();
    CHECK(waitpid(-1, nullptr, WNOHANG) == -1);  // no children left at all
}

TEST_CASE("every program runs in a session of its own, with its own CPU share") {
    Proc p("/bin/sh", {"-c", "echo ready; exec sleep 100"}, {.interactive = true, .timeout = 60});
    REQUIRE(p.read_line(60) == "ready\n");
    CHECK(getsid(p.pid()) == p.pid());
    // Autogroup scheduling (where the kernel has it) shares the CPU between sessions first.
    auto text = [](const std::string& path) {
        std::ostringstream s;
        s << std::ifstream(path).rdbuf();
        return s.str();
    };
    if (!text("/proc/self/autogroup").empty())
        CHECK(text("/proc/" + std::to_string(p.pid()) + "/autogroup") !=
              text("/proc/self/autogroup"));
}

TEST_CASE("a fork bomb in the sandbox is killed by the census, not by its deadline") {
    // The sandbox is entered for good: do it in a child, which reports through its exit code.
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        sandbox::enter();
        if (sandbox::init_pid() <= 0) _exit(77);  // no namespaces on this machine
        // The deadline only bounds a broken census: under load the shell needs seconds to
        // start 257 processes, so the verdict is how the run ended, not how fast.
        auto r = sh("while :; do sleep 100 & done", {.timeout = 300});
        // The killed are reaped by the sandbox's init, a moment later.
        for (double give_up = now() + 60; !sandbox::members().empty() && now() < give_up;)
            pause_for(0.01);
        bool ok = r.crowd > sandbox::kCrowd && !r.timed_out && sandbox::members().empty() &&
                  r.describe().find("fork bomb") != std::string::npos;
        sandbox::tear_down();
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) {
        MESSAGE("no sandbox here: census not tested");
        return;
    }
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("expectations explain themselves") {
    auto r = sh("echo nope >&2; exit 1");
    try {
        expect_exit(r, 0, "the hint");
        FAIL("expect_exit accepted a failed run");
    } catch (const Failure& f) {
        CHECK(f.text.find("exit 1") != std::string::npos);
        CHECK(f.text.find("nope") != std::string::npos);
        CHECK(f.text.find("hint:     the hint") != std::string::npos);
    }
    CHECK(show(std::string("a\0\n", 3)) == "3 bytes: \"a\\x00\\n\"");
}

TEST_CASE("deadlock_after ends a run whose processes all sleep and never wake") {
    auto fifo = scratch_dir() + "/never-written";
    auto r = sh("mkfifo '" + fifo + "' && exec cat '" + fifo + "'",
                {.timeout = 120, .deadlock_after = 0.5});
    CHECK(r.deadlocked);
    CHECK(!r.timed_out);  // the evidence it ended early: its deadline did not end it
    CHECK(r.describe().find("deadlocked") != std::string::npos);
}

TEST_CASE("deadlock_after spares a run that sleeps but keeps waking") {
    auto r = sh("i=0; while [ $i -lt 12 ]; do sleep 0.1; i=$((i+1)); done; echo done",
                {.timeout = 120, .deadlock_after = 0.5});
    CHECK(!r.deadlocked);
    CHECK(r.out == "done\n");
}

TEST_CASE("by default a student's run that deadlocks ends in about a second") {
    auto fifo = scratch_dir() + "/nobody-writes";
    const double start = now();
    auto r = sh("mkfifo '" + fifo + "' && exec cat '" + fifo + "'", {.timeout = 20});
    CHECK(r.deadlocked);
    CHECK(now() - start < 10);
}

TEST_CASE("the default deadlock watch spares a program that sleeps with a timeout") {
    // sleep and a poll with a timeout wake by themselves: no other process needs to wake them.
    auto r = sh("sleep 1.5; echo done", {.timeout = 20});
    CHECK(!r.deadlocked);
    CHECK(r.out == "done\n");
}

TEST_CASE("a deadlock's hint names who still holds the write end of the pipe") {
    // The first cat never gets past opening a FIFO nobody writes to, and still holds the write
    // end of the pipe the second cat reads.
    auto fifo = scratch_dir() + "/never-opened";
    auto r = sh("mkfifo '" + fifo + "' && cat '" + fifo + "' | cat", {.timeout = 20});
    REQUIRE(r.deadlocked);
    CHECK(r.describe().find("cat (pid") != std::string::npos);
    CHECK(r.deadlock_hint.find("write end is still open in cat (pid") != std::string::npos);
}

TEST_CASE("feedback shortens long arguments and the scratch directory") {
    CHECK(shown_arg(std::string(5000, 'x')) == "<5000 bytes>");
    CHECK(shown_arg(scratch_dir() + "/data-1") == "'$TMPDIR/data-1'");
    auto r = run("/bin/echo", {std::string(100, 'y')});
    CHECK(r.command == "echo <100 bytes>");
}

TEST_CASE("the first difference shows the bytes around it on both sides") {
    auto r = sh("printf 'abcdefghijklmnopqrstuvwxyz0123456789'");
    try {
        expect_output(r, "abcdefghijklmnopqrstuvwxyZ0123456789", "the hint");
        FAIL("expect_output accepted different output");
    } catch (const Failure& f) {
        CHECK(
            f.text.find("first difference at byte 25: expected ...\"jklmnopqrstuvwxyZ0123456789\", "
                        "got ...\"jklmnopqrstuvwxyz0123456789\"") != std::string::npos);
    }
}

TEST_CASE("a skeleton's program is noted once it says it is not implemented") {
    unimplemented().clear();
    auto prog = scratch_dir() + "/skeleton";
    { std::ofstream(prog) << "#!/bin/sh\necho 'skeleton: not implemented' >&2\nexit 1\n"; }
    chmod(prog.c_str(), 0755);
    run(prog, {});
    CHECK(unimplemented().count("skeleton") == 1);
}

// The tests make their files in the harness's scratch directory, which nothing else removes.
int main(int argc, char** argv) {
    const int failed = doctest::Context(argc, argv).run();
    grade::remove_scratch_dir();
    return failed;
}
