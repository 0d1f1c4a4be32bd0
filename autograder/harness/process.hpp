// Running a program from outside: arguments, stdin bytes, a deadline, and everything that can be
// observed of it (output, exit status or signal, state, CPU time, what it held when it exited).
// Used by the suites for student programs and by the driver for compilers and suites.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "clock.hpp"  // now()
#include "ipclab/fd.hpp"
#include "suite_env.hpp"  // scratch_dir(), per_round(), valgrind_mode()

namespace grade {

struct Options {
    std::string input;  // bytes written to stdin, which is then closed
    // Instead of INPUT, a stdin too long to hold in memory (streams.hpp): called for the next
    // bytes whenever stdin has room; "" means the end, and stdin is closed.
    std::function<std::string_view()> input_source;
    bool interactive = false;        // keep stdin open for Proc::write()/close_stdin() instead
    double timeout = 10;             // seconds of wall-clock time before everything is killed
    bool inspect_exit = false;       // stop the program as it exits and record what it still holds
    bool student = true;             // clean environment, umask 022, may run under valgrind
    std::vector<std::string> env;    // extra KEY=VALUE entries
    std::vector<std::string> unset;  // names left out of a student's clean environment (TMPDIR)
    std::string cwd;                 // working directory ("" = the suite's scratch directory)
    std::string stdout_file;         // send stdout/stderr to files instead of capturing them
    std::string stderr_file;
    // Instead of keeping stdout in Result::out: the bytes of each read, as they arrive.
    std::function<void(std::string_view)> stdout_sink;
    bool valgrind = true;  // false: never under valgrind (a run that must fault, for one)
    // wait() ends the run early, as deadlocked, once every process of the test has slept this
    // many seconds with none of them waking (DeadlockWatch in watch.hpp). While the grader is in
    // wait() it makes no next move, so nobody else could wake them. < 0 (the default): 1 s for
    // a student's program (not under valgrind), sparing any process that waits for a signal or
    // whose system call cannot be read (a timer may end its wait unseen); > 0: this many
    // seconds, strictly (a test that knows its programs set no timers); 0: never.
    double deadlock_after = -1;
};

struct Result {
    std::string command;  // the command line, for messages
    std::string out, err;
    int status = 0;  // as waitpid() reports it
    bool timed_out = false;
    bool deadlocked = false;  // killed by Options::deadlock_after
    std::size_t crowd = 0;    // > 0: killed with this many processes at once (a fork bomb)
    double deadlock_after = 0;
    // A deadlock's processes, one line each ("bb_produce (pid 3) sleeps on a futex ..."), and a
    // hint from what they wait for (explain_deadlock in watch.hpp), "" if none.
    std::string asleep, deadlock_hint;
    double timeout = 0;
    double seconds = 0;
    // What the program still held as it exited (Options::inspect_exit): descriptors, shared
    // mappings, and children it never waited for ("zombie child process 123").
    std::vector<std::string> held_at_exit;
    std::string valgrind_report;  // valgrind's complaints; empty when clean or not used
    // CPU seconds (user + system) of the children it waited for, to the microsecond (cpu less
    // its own CPU clock read just before it is reaped): evidence that work happened in another
    // process. Threads count as its own.
    double children_cpu = 0;
    // CPU seconds (user + system) of the program and of every descendant reaped below it, as
    // wait4() reports them: what the run cost the machine.
    double cpu = 0;

    bool exited() const;
    int exit_code() const;         // -1 unless it exited normally
    int signal() const;            // 0 unless a signal killed it
    std::string describe() const;  // "exit 0", "killed by SIGSEGV", "timed out after 10 s"
};

// A running program. The destructor kills its whole process group and reaps it.
class Proc {
  public:
    Proc(const std::string& path, const std::vector<std::string>& args, Options opt = {});
    ~Proc();
    Proc(const Proc&) = delete;
    Proc& operator=(const Proc&) = delete;

    pid_t pid() const { return pid_; }
    void write(std::string_view bytes);  // to stdin (Options::interactive)
    void close_stdin();
    // Reads stdout up to and including the next '\n'; "" if none came before SECONDS passed.
    std::string read_line(double seconds);
    // One read() of at most N bytes of stdout, now, kept for the Result; returns how many came.
    // Lets a test free room in a full stdout pipe a little at a time.
    std::size_t read_stdout(std::size_t n);
    char state() const;          // 'R', 'S', 'D', 'T', 'Z'... from /proc/PID/stat; 0 if reaped
    double cpu_seconds() const;  // user + system time so far
    void signal(int sig);        // to the process itself
    // Waits until the program has exited and its output is drained, or the deadline passes
    // (then kills its process group). Returns everything observed.
    Result wait();
    // The program's pid as seen inside its PID namespace (the sandbox's), which is what the
    // program itself and its peers see; equal to pid() outside a sandbox.
    pid_t ns_pid() const;
    double deadline() const { return deadline_; }
    // True once the program has terminated (never blocks).
    bool finished();
    // How often a waiting grader counts the sandbox's processes (process_watch.cpp): a fork
    // bomb runs for at most this long.
    static constexpr double kCensusPeriod = 0.25;

  private:
    void pump(double until, bool want_line);
    void refill_stdin();                       // the next bytes of Options::input_source, if any
    void take_stdout(std::string_view bytes);  // into Result::out or Options::stdout_sink
    void reap_nonblocking();
    void kill_group();
    void census();                  // process_watch.cpp
    void wait_unless_deadlocked();  // process_watch.cpp
    void note_unimplemented();      // run_helpers.cpp

    // Moves the Result out instead of copying it: a run's output may be tens of MiB.
    friend Result run(const std::string& path, const std::vector<std::string>& args, Options opt);

    pid_t pid_ = -1;
    ipclab::Fd in_, out_, err_;  // our ends of its stdin, stdout and stderr pipes
    std::string pending_in_;
    std::size_t in_sent_ = 0;  // bytes of pending_in_ already written (no erase from the front)
    std::function<std::string_view()> input_source_;
    std::function<void(std::string_view)> stdout_sink_;
    bool close_in_when_sent_ = false;
    bool reaped_ = false, traced_ = false, options_set_ = false;
    std::uint64_t looked_at_drain_ = UINT64_MAX;  // pump() reaps when SIGCHLD came since
    double start_ = 0, deadline_ = 0;
    double deadlock_after_ = 0;
    bool strict_deadlock_ = false;  // Options::deadlock_after > 0
    double next_census_ = 0;        // when census() next counts the sandbox's processes
    std::string vg_log_;
    std::string program_;  // the file name of what it runs
    bool student_ = true;
    std::size_t line_pos_ = 0;  // how much of stdout read_line() has handed out
    Result result_;
};

// Runs a program to completion (or its deadline) and returns what was observed.
Result run(const std::string& path, const std::vector<std::string>& args, Options opt = {});

std::string quote(std::string_view arg);  // shell-style quoting for messages
// An argument as feedback shows it: quoted, "<5000 bytes>" when long, the scratch directory
// written $TMPDIR.
std::string shown_arg(std::string_view arg);
// The student programs that answered "<program>: not implemented" (exit 1) since the last
// clear(): a skeleton's. The suite records them with the test's verdict.
std::set<std::string>& unimplemented();
// Whether a student's run timed out or deadlocked since the last reset (the suite records it:
// the driver then runs no further round of the test).
bool& hung();
// Kills and reaps every remaining child of this process (orphans come to us as subreaper) and,
// inside a sandbox, every process of the sandbox's PID namespace but its init.
void kill_all_children();
// Blocks until one of PROCS has terminated or passed its deadline, and returns its index, or
// until UNTIL (a now() time), and returns procs.size(). Only for programs whose output goes to
// files (nothing is read from their pipes meanwhile).
std::size_t wait_any(const std::vector<Proc*>& procs, double until = 1e300);

}  // namespace grade
