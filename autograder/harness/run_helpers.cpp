// The helpers around runs that the suites and the driver use: a Result in words, command lines
// as feedback shows them, what a test's runs note for its record (a skeleton's programs, a run
// that hung), and the sweep of every leftover process after a test.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "process.hpp"
#include "procfs.hpp"
#include "protocol.hpp"
#include "sandbox.hpp"

namespace grade {

std::string quote(std::string_view arg) {
    bool plain = !arg.empty() && arg.find_first_not_of(
                                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
                                     "QRSTUVWXYZ0123456789_-./=:,+%@") == std::string_view::npos;
    if (plain) return std::string(arg);
    std::string q = "'";
    for (char c : arg)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string shown_arg(std::string_view arg) {
    // Feedback names a long argument by its size, and the scratch directory by the name the
    // programs know it by, so that a command fits on a line.
    if (arg.size() > 80) return "<" + std::to_string(arg.size()) + " bytes>";
    std::string a(arg);
    const std::string& dir = scratch_dir();
    for (auto at = a.find(dir); at != std::string::npos; at = a.find(dir, at))
        a.replace(at, dir.size(), "$TMPDIR");
    // The student's programs by their names alone.
    if (const char* bin = std::getenv(protocol::kBin); bin && *bin && a.rfind(bin, 0) == 0)
        a.erase(0, std::strlen(bin) + 1);
    return quote(a);
}

std::set<std::string>& unimplemented() {
    static std::set<std::string> programs;
    return programs;
}

bool& hung() {
    static bool any = false;
    return any;
}

bool Result::exited() const {
    return !timed_out && !deadlocked && crowd == 0 && WIFEXITED(status);
}
int Result::exit_code() const {
    return exited() ? WEXITSTATUS(status) : -1;
}
int Result::signal() const {
    return !timed_out && !deadlocked && crowd == 0 && WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

std::string Result::describe() const {
    std::ostringstream s;
    if (crowd > 0)
        s << crowd << " processes at once, more than " << sandbox::kCrowd
          << " (a fork bomb?): all killed";
    else if (deadlocked)
        s << "deadlocked: every process asleep, none woken for " << deadlock_after << " s (killed)"
          << (asleep.empty() ? "" : ":\n" + asleep.substr(0, asleep.size() - 1));
    else if (timed_out)
        s << "timed out after " << timeout << " s (killed)";
    else if (WIFSIGNALED(status))
        s << "killed by " << sigabbrev_np(WTERMSIG(status)) << " (SIG"
          << sigabbrev_np(WTERMSIG(status)) << ")";
    else
        s << "exit " << WEXITSTATUS(status);
    return s.str();
}

// A skeleton's program says "<program>: not implemented" and exits 1: the report then says so
// once per program instead of once per test. A student's run that hung ends a test's rounds.
void Proc::note_unimplemented() {
    if (student_ && (result_.timed_out || result_.deadlocked)) hung() = true;
    // The program may have been started through a shell: its name is the message's own.
    const std::string said = ": not implemented\n";
    const std::string& err = result_.err;
    const auto name_end = err.find(':');
    if (student_ && reaped_ && WIFEXITED(result_.status) && WEXITSTATUS(result_.status) == 1 &&
        name_end != std::string::npos && err.compare(name_end, std::string::npos, said) == 0 &&
        err.find_first_of(" /\n") > name_end)
        unimplemented().insert(err.substr(0, name_end));
}

void kill_all_children() {
    // Inside a sandbox, orphans are re-parented to its init rather than to us: the sandbox's
    // members are every process below us and below it, the init itself spared. Without one,
    // we are a subreaper, and what is left of a test is among our children.
    for (;;) {
        const std::vector<pid_t> doomed =
            sandbox::init_pid() > 0 ? sandbox::members() : procfs::children(getpid());
        if (doomed.empty()) return;
        for (pid_t c : doomed)
            ::kill(c, SIGKILL);
        // Reaps our children; the sandbox's init reaps the others (ECHILD here).
        for (pid_t c : doomed)
            waitpid(c, nullptr, __WALL);
    }
}

}  // namespace grade
