// Lab 11-signals: sig_pingpong, sig_collect and sig_timeout, judged by their output, exit
// status, and by watching their processes sleep (state, CPU time, context switches).
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include <filesystem>
#include <sstream>

#include "graded.hpp"
#include "procfs.hpp"
#include "watch.hpp"

using namespace grade;

namespace {

std::string pingpong(std::uint64_t rounds) {
    std::string s;
    for (std::uint64_t i = 1; i <= rounds; ++i)
        s += "ping " + std::to_string(i) + "\npong " + std::to_string(i) + "\n";
    return s;
}

std::uintmax_t file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uintmax_t>(st.st_size) : 0;
}

// Observation only: lets a process reach the state the grader then checks.
// Waits (bounded) until PID shows state WANT.
bool reaches_state(pid_t pid, char want) {
    for (double give_up = now() + 5; now() < give_up; pause_for(0.002))
        if (pid_state(pid) == want) return true;
    return false;
}

void expect_timeout_works() {
    auto r = run_student("sig_timeout", {"100", "sh", "-c", "exit 3"}, {.timeout = 20});
    expect(r.exit_code() == 3, "exit 3, the command's own", r.describe(),
           "sig_timeout must run a command and pass its exit code on before its error paths count");
}

}  // namespace

CONCURRENT_GRADED("sig_pingpong alternates strictly for 1, 2 and 2000 rounds", 15,
                  "11.pingpong.order") {
    // 2000 rounds (under the perturber each round of the test plays its share of them): a side
    // that unblocks and then calls pause(), instead of sigsuspend, slept for ever within 20
    // rounds under each of 20 schedules measured (on two CPUs and on one); 20000 rounds cost
    // ten times as much and caught nothing more.
    for (std::uint64_t rounds : {std::uint64_t{1}, std::uint64_t{2}, per_round(2000)}) {
        auto r = run_student("sig_pingpong", {std::to_string(rounds)},
                             {.timeout = 60, .deadlock_after = 1});
        expect_output(r, pingpong(rounds),
                      "block SIGUSR1 and SIGUSR2 before fork, then wait with sigsuspend (which "
                      "unblocks and sleeps in one step); write each line with one write() (no "
                      "stdio buffer shared by both processes)");
    }
}

GRADED("sig_pingpong sleeps while its partner is stopped", 10, "11.pingpong.sleep C.sleep") {
    auto out = fresh_path("out");
    Proc p(student_path("sig_pingpong"), {"1000000"}, {.timeout = 60, .stdout_file = out});
    std::vector<pid_t> kids;
    for (double give_up = now() + 10;
         now() < give_up && (kids.empty() || file_size(out) == 0) && !p.finished();
         pause_for(0.005))
        kids = procfs::children(p.pid());
    expect(!kids.empty() && file_size(out) > 0, "a running parent and child",
           p.finished() ? "it ended: " + p.wait().describe() : "none after 10 s",
           "fork a child, then start the rounds");
    const pid_t child = kids.front();
    const char* hint =
        "wait for the other side's signal with sigsuspend: a loop that checks a flag (with or "
        "without sleeps) keeps running";
    kill(child, SIGSTOP);
    expect(reaches_state(child, 'T'), "the child stopped", "it did not stop", "");
    expect_blocked(p, "SIGUSR2 (the grader stopped the child)", hint);
    kill(child, SIGCONT);
    p.signal(SIGSTOP);
    expect(reaches_state(p.pid(), 'T'), "the parent stopped", "it did not stop", "");
    expect_pid_blocked(child, "the child", "SIGUSR1 (the grader stopped the parent)", hint);
    p.signal(SIGCONT);
}

GRADED("sig_pingpong rejects a bad ROUNDS", 5, "11.pingpong.args") {
    expect_output(run_student("sig_pingpong", {"3"}, {.timeout = 20}), pingpong(3),
                  "sig_pingpong must play before its error paths count");
    for (auto args : std::vector<std::vector<std::string>>{
             {}, {"0"}, {"-1"}, {"x"}, {""}, {"3x"}, {"3", "4"}}) {
        expect_usage(run_student("sig_pingpong", args, {.timeout = 5}),
                     "ROUNDS is a positive decimal: check the whole string, and 0, before "
                     "forking (exit 2 with \"usage: ...\")");
    }
}

GRADED("sig_collect prints every queued value in order, then usr1 1", 20, "11.collect") {
    const int paced = 5, burst = 60;
    std::vector<int> values;
    for (int i = 0; i < paced + burst; ++i)
        values.push_back(static_cast<int>(static_cast<std::uint32_t>(random_below(1ULL << 32))));
    Proc p(student_path("sig_collect"), {std::to_string(values.size())}, {.timeout = 20});
    std::string line = p.read_line(10);
    expect(line == "ready\n", "\"ready\"", show(line),
           "block the signals, then print \"ready\\n\"");
    const char* hint =
        "block SIGUSR1 and SIGRTMIN before \"ready\"; take each SIGRTMIN with sigwaitinfo and "
        "print its si_value.sival_int (signed) at once with write(); at the end report whether "
        "SIGUSR1 is pending (sigpending): standard signals do not queue, so 5 sends are 1";
    std::string want = "ready\n";
    // First paced: a SIGUSR1, then a value whose line proves the program has run since.
    for (int i = 0; i < paced; ++i) {
        p.signal(SIGUSR1);
        expect(sigqueue(p.pid(), SIGRTMIN, sigval{values[i]}) == 0, "to queue a signal",
               "sig_collect is gone", hint);
        want += std::to_string(values[i]) + "\n";
        line = p.read_line(10);
        expect(
            line == std::to_string(values[i]) + "\n",
            "the line " + std::to_string(values[i]) + " as soon as that value was queued",
            line.empty() ? (p.finished() ? p.wait().describe() : "nothing for 10 s") : show(line),
            hint);
    }
    // Then a burst, all queued before the program can take the first: none may be lost.
    for (int i = paced; i < paced + burst; ++i) {
        expect(sigqueue(p.pid(), SIGRTMIN, sigval{values[i]}) == 0, "to queue a signal",
               "sig_collect is gone", hint);
        want += std::to_string(values[i]) + "\n";
    }
    want += "usr1 1\n";
    expect_output(p.wait(), want, hint);
}

GRADED("sig_collect rejects a bad N", 5, "11.collect.args C.usage") {
    // The normal path first: one value, then the report.
    const int value = static_cast<int>(static_cast<std::uint32_t>(random_below(1ULL << 32)));
    Proc p(student_path("sig_collect"), {"1"}, {.timeout = 20});
    std::string line = p.read_line(10);
    expect(line == "ready\n", "\"ready\"", show(line),
           "sig_collect must work before its error paths count: block the signals, then print "
           "\"ready\\n\"");
    expect(sigqueue(p.pid(), SIGRTMIN, sigval{value}) == 0, "to queue a signal",
           "sig_collect is gone", "sig_collect must wait for its signal");
    expect_output(p.wait(), "ready\n" + std::to_string(value) + "\nusr1 0\n",
                  "sig_collect must work before its error paths count");
    for (auto args : std::vector<std::vector<std::string>>{
             {}, {"0"}, {"-1"}, {"x"}, {""}, {"3x"}, {"3", "4"}}) {
        expect_usage(run_student("sig_collect", args, {.timeout = 5}),
                     "N is a positive decimal: check the whole string, and 0, before blocking "
                     "anything or printing ready (exit 2 with \"usage: ...\")");
    }
}

GRADED("sig_timeout passes the command's exit code and output through", 10, "11.timeout.pass") {
    struct Case {
        std::vector<std::string> cmd;
        int code;
        std::string out;
    };
    std::string word = random_word(12);
    for (const auto& c :
         std::vector<Case>{{{"true"}, 0, ""},
                           {{"sh", "-c", "echo " + word + "; exit 3"}, 3, word + "\n"},
                           {{"sh", "-c", "exit 42"}, 42, ""}}) {
        std::vector<std::string> args = {"100"};
        args.insert(args.end(), c.cmd.begin(), c.cmd.end());
        auto r = run_student("sig_timeout", args, {.timeout = 20});
        const char* hint =
            "exit with WEXITSTATUS of the status waitpid gives, as soon as the command ends "
            "(block SIGCHLD before fork so that its signal cannot be missed)";
        expect(r.exit_code() == c.code, "exit " + std::to_string(c.code) + " within seconds",
               r.describe(), hint);
        expect(r.out == c.out, "the command's output " + show(c.out), show(r.out),
               "the command inherits stdout: do not redirect or add to it");
    }
}

GRADED("sig_timeout stops a command that outlives SECONDS with 124", 15, "11.timeout.kill") {
    struct Case {
        std::vector<std::string> cmd;
        double least, what_we_did;
        const char* why;
        const char* hint;
    };
    for (const auto& c : std::vector<Case>{
             {{"sleep", "100"},
              0.5,
              0,
              "sleep 100 with SECONDS 0.5",
              "wait with a timeout of SECONDS (sigtimedwait, or poll on a signalfd/self-pipe), "
              "then send SIGTERM to the command and exit 124"},
             {{"sh", "-c", "trap '' TERM; exec sleep 100"},
              1.5,
              0,
              "a command that ignores SIGTERM",
              "a command may ignore SIGTERM: one second after it, send SIGKILL, reap it, and "
              "exit 124"},
             {{"sh", "-c", "trap 'exit 0' TERM; sleep 100 >/dev/null 2>&1 & wait"},
              0.5,
              0,
              "a command that exits 0 on SIGTERM",
              "once we had to signal the command, the answer is 124 whatever it did then"}}) {
        std::vector<std::string> args = {"0.5"};
        args.insert(args.end(), c.cmd.begin(), c.cmd.end());
        auto r = run_student("sig_timeout", args, {.timeout = 10, .inspect_exit = true});
        expect(r.exit_code() == 124, std::string("exit 124 for ") + c.why, r.describe(), c.hint);
        expect(r.seconds >= c.least - 0.02 && r.seconds < c.least + 5,
               "about " + std::to_string(c.least) + " s", std::to_string(r.seconds) + " s", c.hint);
        expect_released(r,
                        "wait for the command after killing it (no zombie), and close "
                        "what you opened (signalfd, pipe)");
    }
}

GRADED("sig_timeout signals the command alone, not its process group", 5, "11.timeout.target") {
    // The command leaves a witness in its process group: a sleep with a unique argument. Once
    // sig_timeout has given up on the command, the witness must be alive with no SIGTERM or
    // SIGKILL pending (a fatal signal is marked pending the moment it is sent). The witness
    // exists once "started" is out, seconds before sig_timeout's SECONDS have passed.
    const std::string mark = std::to_string(1000000000 + random_below(9000000000));
    Proc p(student_path("sig_timeout"),
           {"3", "sh", "-c",
            "sleep " + mark + " </dev/null >/dev/null 2>&1 & echo started; exec sleep 100"},
           {.timeout = 30});
    std::string line = p.read_line(10);
    expect(line == "started\n", "the command's first line, \"started\"", show(line),
           "the command inherits stdout: run it with fork and execvp");
    auto r = p.wait();
    const char* hint =
        "send SIGTERM (and SIGKILL) to the command's pid, kill(pid, ...), not to a process group "
        "with kill(-pid, ...): the command's own children are not yours to stop";
    expect(r.exit_code() == 124, "exit 124", r.describe(), hint);
    // Processes of tests graded beside this one come and go while /proc is read: a file that
    // cannot be read any more is one of theirs.
    std::string witness;
    for (const auto& e : std::filesystem::directory_iterator("/proc"))
        if (procfs::read_file(e.path() / "cmdline") == std::string("sleep\0", 6) + mark + '\0')
            witness = e.path().string();
    std::string state, pending;
    std::istringstream status(witness.empty() ? "" : procfs::read_file(witness + "/status"));
    for (std::string l; std::getline(status, l);) {
        if (l.rfind("State:", 0) == 0) state = l.substr(7);
        if (l.rfind("SigPnd:", 0) == 0 || l.rfind("ShdPnd:", 0) == 0) pending += l.substr(8) + " ";
    }
    const unsigned long long fatal = (1ULL << (SIGTERM - 1)) | (1ULL << (SIGKILL - 1));
    bool hit = witness.empty() || state.empty() || state[0] == 'Z' || state[0] == 'X';
    std::istringstream masks(pending);
    for (std::string m; masks >> m;)
        hit = hit || (std::stoull(m, nullptr, 16) & fatal) != 0;
    expect(!hit, "the command's background child untouched",
           witness.empty() ? "it is gone" : "state " + state + ", pending signals " + pending,
           hint);
}

GRADED("sig_timeout reports death by another signal as 128 + N", 5, "11.timeout.signal") {
    for (auto [sig, code] :
         std::vector<std::pair<std::string, int>>{{"USR1", 138}, {"KILL", 137}}) {
        auto r = run_student("sig_timeout", {"100", "sh", "-c", "kill -" + sig + " $$"},
                             {.timeout = 20});
        expect(r.exit_code() == code,
               "exit " + std::to_string(code) + " (128 + SIG" + sig + ", not sent by us)",
               r.describe(),
               "a command killed by a signal we did not send: exit 128 + WTERMSIG(status)");
    }
}

GRADED("sig_timeout reports a command it cannot run as 127", 5, "11.timeout.noexec") {
    expect_timeout_works();
    for (std::string cmd : {"ipclab-no-such-command-" + random_word(8), fresh_path("missing")}) {
        auto r = run_student("sig_timeout", {"100", cmd}, {.timeout = 20});
        expect(r.exit_code() == 127, "exit 127 for a command that does not exist", r.describe(),
               "when execvp fails in the child, report it and _exit(127)");
    }
}

GRADED("sig_timeout sleeps while it waits and returns when the command ends", 10,
       "11.timeout.sleep C.sleep") {
    Proc p(student_path("sig_timeout"), {"100", "sleep", "100"}, {.timeout = 30});
    std::vector<pid_t> kids;
    for (double give_up = now() + 10; kids.empty() && now() < give_up && !p.finished();
         pause_for(0.005))
        kids = procfs::children(p.pid());
    expect(!kids.empty(), "sig_timeout to start the command",
           p.finished() ? "it ended: " + p.wait().describe() : "no child after 10 s",
           "fork, and execvp the command in the child");
    const char* hint =
        "sleep in sigtimedwait (or poll on a signalfd/self-pipe) until SIGCHLD or SECONDS, "
        "never in a loop of short sleeps";
    expect_blocked(p, "the command to end", hint);
    const long before = procfs::switches(p.pid()).voluntary;
    expect_blocked(p, "the command to end", hint, 1.0);
    const long wakeups = procfs::switches(p.pid()).voluntary - before;
    expect(wakeups <= 1, "no wake-ups while the command runs",
           std::to_string(wakeups) + " wake-ups in 1 s", hint);
    const double killed = now();
    kill(kids.front(), SIGKILL);  // not from sig_timeout: 128 + 9
    auto r = p.wait();
    expect(r.exit_code() == 137, "exit 137 at once when the command is killed by someone else",
           r.describe(), hint);
    expect(now() - killed < 3, "sig_timeout to return as soon as the command ended",
           std::to_string(now() - killed) + " s later", hint);
}

GRADED("sig_timeout rejects a bad SECONDS", 5, "11.timeout.args C.usage") {
    expect_timeout_works();
    for (auto args : std::vector<std::vector<std::string>>{{},
                                                           {"1"},
                                                           {"0", "true"},
                                                           {"-1", "true"},
                                                           {"abc", "true"},
                                                           {"1x", "true"},
                                                           {"", "true"},
                                                           {"0.0", "true"}}) {
        expect_usage(run_student("sig_timeout", args, {.timeout = 5}),
                     "SECONDS is a positive decimal (\"2\", \"0.5\"): check every character and "
                     "that it is above 0, and that a CMD follows (exit 2 with \"usage: ...\")");
    }
}
