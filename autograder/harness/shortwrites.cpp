#include "shortwrites.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <string>

#include "fixtures.hpp"
#include "mappings.hpp"
#include "procfs.hpp"
#include "watch.hpp"

namespace grade {
namespace {

// Every thread of every process of FAMILY, as /proc/PID/task/TID folders.
std::vector<std::string> threads_of(const std::vector<pid_t>& family) {
    std::vector<std::string> out;
    for (pid_t pid : family)
        for (const auto& task : procfs::tasks(pid))
            out.push_back(task);
    return out;
}

char state_of(const std::string& thread) {
    auto stat = procfs::stat_of(thread);
    return stat ? stat->state : 0;
}

// What one look at a thread sees: its state, and how often it has slept and been preempted.
struct Look {
    char state = 0;
    procfs::Switches switches;
    bool operator==(const Look&) const = default;
};

// One look at the family, thread by thread.
std::map<std::string, Look> look(const std::vector<pid_t>& family) {
    std::map<std::string, Look> seen;
    for (const auto& t : threads_of(family))
        seen[t] = {state_of(t), procfs::switches_of(t)};
    return seen;
}

bool asleep(const std::map<std::string, Look>& seen) {
    return std::all_of(seen.begin(), seen.end(), [](const auto& s) {
        const char c = s.second.state;
        return c == 'S' || c == 'T' || c == 'Z' || c == 0;
    });
}

// Waits until every thread of FAMILY is asleep at two looks and none woke in between (a
// sleeper's count of sleeps would have changed), or about 50 looks have passed.
void wait_until_settled(const std::vector<pid_t>& family, double deadline) {
    for (int i = 0; i < 50 && now() < deadline; ++i) {
        auto before = look(family);
        pause_for(0.001);  // between two looks: observation only
        if (asleep(before) && look(family) == before) return;
    }
}

bool any_in_write(const std::vector<pid_t>& family) {
    for (const auto& t : threads_of(family))
        if (blocked_in_write(std::stoi(t.substr(t.rfind('/') + 1)))) return true;
    return false;
}

void stop_and_continue(const std::vector<pid_t>& family, double deadline) {
    for (pid_t pid : family)
        kill(pid, SIGSTOP);
    // A SIGCONT that came before the stop took effect would cancel it: wait for every thread.
    auto stopped = [&] {
        for (const auto& t : threads_of(family)) {
            char s = state_of(t);
            if (s != 'T' && s != 'Z' && s != 'X' && s != 0) return false;
        }
        return true;
    };
    while (!stopped() && now() < deadline)
        pause_for(0.0005);  // an observation: go on once all have stopped
    for (pid_t pid : family)
        kill(pid, SIGCONT);
}

// An open descriptor of a pipe: which pipe ("pipe:[123]" -> 123), whether it writes, and its
// /proc/PID/fd/N path.
struct End {
    unsigned long pipe = 0;
    bool writes = false;
    std::string path;
};
std::vector<End> pipe_ends(pid_t pid) {
    std::vector<End> ends;
    for (const auto& d : procfs::descriptors(pid))
        if (d.target.rfind("pipe:[", 0) == 0)
            ends.push_back({std::stoul(d.target.substr(6)), d.writes,
                            "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(d.fd)});
    return ends;
}

// ROOT and every process below it.
std::vector<pid_t> family_of(pid_t root) {
    std::vector<pid_t> family = procfs::descendants(root);
    family.insert(family.begin(), root);
    return family;
}

}  // namespace

int stop_while_writing(Proc& p, const std::function<bool()>& step) {
    int stops = 0;
    while (!p.finished() && now() < p.deadline() && step()) {
        std::vector<pid_t> family = family_of(p.pid());
        wait_until_settled(family, p.deadline());
        if (!any_in_write(family)) continue;
        stop_and_continue(family, p.deadline());
        ++stops;
    }
    return stops;
}

void stop_while_writing_stdout(Proc& p, int rounds) {
    int round = 0;
    stop_while_writing(p, [&] {
        p.read_stdout(4096 + random_below(12288));
        return ++round <= rounds;
    });
}

std::string short_write_hint(const std::string& program, const std::string& where) {
    return "bytes were lost when a blocking write() was interrupted: the grader stopped and "
           "continued " +
           program + " (SIGSTOP, SIGCONT) while it waited for room in " + where +
           ", and such a write() returns only the bytes it moved so far (a short write). Write "
           "the rest in a loop (ipclab::write_all)";
}

void narrow_pipes_back(pid_t root, std::set<unsigned long>& done) {
    std::set<unsigned long> read_by_root, written_by_root;
    for (const End& e : pipe_ends(root))
        (e.writes ? written_by_root : read_by_root).insert(e.pipe);
    for (pid_t pid : procfs::descendants(root))
        for (const End& e : pipe_ends(pid)) {
            if (!e.writes || done.count(e.pipe) || !read_by_root.count(e.pipe) ||
                written_by_root.count(e.pipe))
                continue;
            // Any open end of a pipe sets its size: the grader opens the child's end anew.
            int end = open(e.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            if (end < 0) continue;
            if (fcntl(end, F_SETPIPE_SZ, 4 * 4096) >= 0) done.insert(e.pipe);
            close(end);
        }
}

}  // namespace grade
