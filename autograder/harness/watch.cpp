#include "watch.hpp"

#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "check.hpp"
#include "process.hpp"
#include "sandbox.hpp"

namespace grade {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The fields of /proc/PID/stat after the command name: state is [0], ppid [1], utime [11].
std::vector<std::string> stat_fields(pid_t pid) {
    std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    auto paren = stat.rfind(')');
    std::vector<std::string> fields;
    if (paren == std::string::npos) return fields;
    std::istringstream in(stat.substr(paren + 2));
    for (std::string f; in >> f;)
        fields.push_back(f);
    return fields;
}

}  // namespace

char pid_state(pid_t pid) {
    auto f = stat_fields(pid);
    return f.empty() ? 0 : f[0][0];
}

double pid_cpu_seconds(pid_t pid) {
    auto f = stat_fields(pid);
    if (f.size() < 13) return 0;
    return (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long pid_voluntary_switches(pid_t pid) {
    std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(in, line);)
        if (line.rfind("voluntary_ctxt_switches:", 0) == 0) return std::atol(line.c_str() + 24);
    return -1;
}

std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> found;
    DIR* d = opendir("/proc");
    if (!d) return found;
    while (dirent* e = readdir(d)) {
        pid_t p = std::atoi(e->d_name);
        if (p <= 0) continue;
        auto f = stat_fields(p);
        if (f.size() > 1 && std::atoi(f[1].c_str()) == pid) found.push_back(p);
    }
    closedir(d);
    return found;
}

double DeadlockWatch::quiet_seconds() {
    std::vector<std::pair<pid_t, long>> seen;
    std::vector<pid_t> todo = children_of(getpid());
    while (!todo.empty()) {
        pid_t p = todo.back();
        todo.pop_back();
        for (pid_t c : children_of(p))
            todo.push_back(c);
        if (p == sandbox::init_pid()) continue;  // the sandbox's init always waits
        char state = pid_state(p);
        if (state == 0 || state == 'Z') continue;
        if (state != 'S') {  // running, stopped or in uninterruptible I/O: not a deadlock
            last_.clear();
            return 0;
        }
        // Every wake-up of a sleeping process ends in a context switch: an unchanged count
        // means it never woke since the last look.
        std::istringstream in(read_text("/proc/" + std::to_string(p) + "/status"));
        long switches = 0;
        for (std::string line; std::getline(in, line);)
            if (line.find("ctxt_switches:") != std::string::npos)
                switches += std::atol(line.c_str() + line.find(':') + 1);
        seen.emplace_back(p, switches);
    }
    std::sort(seen.begin(), seen.end());
    if (seen.empty() || seen != last_) {
        last_ = std::move(seen);
        since_ = now();
        return 0;
    }
    return now() - since_;
}

void pause_for(double seconds) {
    timespec ts{
        static_cast<time_t>(seconds),
        static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {  // a signal cut it short: sleep the rest
    }
}

void expect_pid_blocked(pid_t pid, const std::string& who, const std::string& what,
                        const std::string& hint, double window) {
    // Observation, not synchronisation: nothing the program does depends on these pauses; they
    // only give the kernel's accounting time to show what it does. Under valgrind a program
    // needs seconds just to start.
    const int patience = valgrind_mode() ? 30 : 5;
    char state = pid_state(pid);
    for (const double give_up = now() + patience;
         state != 'S' && state != 'D' && state != 'Z' && state != 0 && now() < give_up;
         state = pid_state(pid))
        pause_for(0.002);
    expect(state != 'Z' && state != 0, who + " still waiting for " + what, "it had already exited",
           hint);
    expect(state == 'S' || state == 'D', who + " asleep waiting for " + what,
           std::string("process state ") + state + " for " + std::to_string(patience) +
               " s (running, not waiting)",
           hint);
    const double before = pid_cpu_seconds(pid);
    pause_for(window);
    const double used = pid_cpu_seconds(pid) - before;
    state = pid_state(pid);
    expect(used < 0.05 + window / 10 && (state == 'S' || state == 'D'),
           who + " using no CPU while waiting for " + what,
           std::to_string(static_cast<int>(used * 1000)) + " ms of CPU in " +
               std::to_string(static_cast<int>(window * 1000)) + " ms, state " + state,
           hint + " (a program that waits must block in the kernel, not loop)");
}

}  // namespace grade
