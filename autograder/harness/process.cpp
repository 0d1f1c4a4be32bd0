// The process layer: starts a program (its own session, clean descriptors, a sandboxed child
// for a student's program), feeds its stdin and drains its stdout and stderr through pipes in one
// poll loop, waits for it against a deadline, and kills its whole process group. What a wait
// also watches is in process_watch.cpp; a traced exit in traced_exit.cpp.
#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <stdexcept>

#include "exec_child.hpp"
#include "procfs.hpp"
#include "sandbox.hpp"
#include "traced_exit.hpp"
#include "valgrind.hpp"

extern char** environ;

namespace grade {
namespace {

constexpr std::size_t kBigInput = 1 << 20;  // stdin of a MiB or more: reserve room for stdout

// Child exits arrive as SIGCHLD on this descriptor, so a wait can sleep in poll() on the
// program's pipes and its death at once, without polling on a timer.
int sigchld_fd() {
    static int fd = [] {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        sigprocmask(SIG_BLOCK, &set, nullptr);
        int f = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
        if (f < 0) throw std::runtime_error("signalfd failed");
        return f;
    }();
    return fd;
}

// How many times SIGCHLD has been drained from sigchld_fd(). A program's state can change only
// with a SIGCHLD: a Proc that looked at it since the last drain need not look again. A chatty
// program wakes its grader once per write, and two system calls a wake-up add up.
std::uint64_t g_sigchld_drains = 0;

void drain_sigchld() {
    signalfd_siginfo info;
    while (read(sigchld_fd(), &info, sizeof info) > 0) {
    }
    ++g_sigchld_drains;
}

void set_nonblocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// A student's program gets a small fixed environment (less OPT.unset), the grader's own tools
// ours; then OPT.env, and the perturber's entries when the test is perturbed.
std::vector<std::string> environment_for(const Options& opt) {
    std::vector<std::string> env;
    if (opt.student) {
        env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "HOME=" + scratch_dir(),
               "TMPDIR=" + scratch_dir()};
        std::erase_if(env, [&](const std::string& e) {
            return std::find(opt.unset.begin(), opt.unset.end(), e.substr(0, e.find('='))) !=
                   opt.unset.end();
        });
    } else {
        // Our environment, less what OPT.env sets anew (getenv would find the first of two).
        for (char** e = environ; *e; ++e) {
            std::string_view var(*e);
            var = var.substr(0, var.find('=') + 1);
            bool replaced = false;
            for (const auto& mine : opt.env)
                replaced = replaced || mine.rfind(var, 0) == 0;
            if (!replaced) env.emplace_back(*e);
        }
    }
    env.insert(env.end(), opt.env.begin(), opt.env.end());
    if (opt.student) {
        auto perturb = perturb_env();
        env.insert(env.end(), perturb.begin(), perturb.end());
    }
    return env;
}

// The null-terminated array execve wants, pointing into STRINGS.
std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (auto& s : strings)
        p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

}  // namespace

Proc::Proc(const std::string& path, const std::vector<std::string>& args, Options opt) {
    result_.timeout = opt.timeout;
    strict_deadlock_ = opt.deadlock_after > 0;
    deadlock_after_ = opt.deadlock_after >= 0           ? opt.deadlock_after
                      : opt.student && !valgrind_mode() ? 1.0
                                                        : 0;
    result_.deadlock_after = deadlock_after_;
    program_ = path.substr(path.rfind('/') + 1);
    student_ = opt.student;
    result_.command = quote(program_);
    for (const auto& a : args)
        result_.command.append(" ").append(shown_arg(a));

    std::vector<std::string> argv_s;
    double timeout = opt.timeout;
    if (opt.student && opt.valgrind && valgrind_mode() && !opt.inspect_exit) {
        static int counter = 0;
        vg_log_ = scratch_dir() + "/valgrind." + std::to_string(++counter);
        argv_s = valgrind::command(vg_log_);
        timeout = timeout * 10 + 10;  // memcheck runs programs many times slower
        result_.timeout = timeout;
    }
    argv_s.push_back(path);
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv = pointers(argv_s);

    std::vector<std::string> env_s = environment_for(opt);
    std::vector<char*> envp = pointers(env_s);

    const std::string cwd = opt.cwd.empty() ? scratch_dir() : opt.cwd;
    sigchld_fd();  // SIGCHLD must be blocked before the child can exit

    // [0] the read end, [1] the write end; not made when not needed (the stream goes elsewhere).
    ipclab::Fd in[2], out[2], err[2];
    auto make_pipe = [](ipclab::Fd(&ends)[2]) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0) throw std::runtime_error("pipe failed");
        ends[0].reset(fds[0]);
        ends[1].reset(fds[1]);
    };
    const bool feed = opt.interactive || !opt.input.empty() || opt.input_source;
    if (feed) make_pipe(in);
    if (opt.stdout_file.empty()) make_pipe(out);
    if (opt.stderr_file.empty()) make_pipe(err);

    traced_ = opt.inspect_exit;
    start_ = now();
    deadline_ = start_ + timeout;
    next_census_ = start_ + kCensusPeriod;
    const ChildPlan plan{.parent = getpid(),
                         .stdin_fd = feed ? in[0].get() : -1,
                         .stdout_fd = out[1].valid() ? out[1].get() : -1,
                         .stderr_fd = err[1].valid() ? err[1].get() : -1,
                         .stdout_file = opt.stdout_file.c_str(),
                         .stderr_file = opt.stderr_file.c_str(),
                         .cwd = cwd.c_str(),
                         .student = opt.student,
                         .under_valgrind = !vg_log_.empty(),
                         .traced = traced_,
                         .argv = argv.data(),
                         .envp = envp.data()};
    pid_ = spawn_child(plan);
    if (pid_ < 0) throw std::runtime_error("vfork failed");
    for (ipclab::Fd* child_end : {&in[0], &out[1], &err[1]})
        child_end->reset();
    in_ = std::move(in[1]);
    out_ = std::move(out[0]);
    err_ = std::move(err[0]);
    for (const ipclab::Fd* fd : {&in_, &out_, &err_})
        if (fd->valid()) set_nonblocking(fd->get());
    stdout_sink_ = std::move(opt.stdout_sink);
    if (!opt.interactive && feed) {
        pending_in_ = std::move(opt.input);
        input_source_ = std::move(opt.input_source);
        close_in_when_sent_ = true;
        // A program that transforms its input prints about as much: room for it now saves the
        // copies of a doubling string. Room costs no memory until it is written.
        if (pending_in_.size() >= kBigInput) result_.out.reserve(pending_in_.size() + kBigInput);
    }
}

Proc::~Proc() {
    if (!reaped_) {
        kill_group();
        while (!reaped_)
            pump(now() + 3600, false);
    }
    // It may have exited unwaited: what it said on the way out is already in its pipes.
    if (student_ && err_.valid()) pump(now() + 0.1, false);
    note_unimplemented();
}

void Proc::kill_group() {
    if (pid_ <= 0 || reaped_) return;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);  // in case it left its group
}

void Proc::write(std::string_view bytes) {
    pending_in_.append(bytes);
    pump(now(), false);
}

void Proc::close_stdin() {
    close_in_when_sent_ = true;
    pump(now(), false);
}

bool Proc::finished() {
    reap_nonblocking();
    if (!reaped_ && now() >= next_census_) census();
    return reaped_;
}

void Proc::signal(int sig) {
    if (!reaped_) ::kill(pid_, sig);
}

std::string Proc::read_line(double seconds) {
    double until = std::min(now() + seconds, deadline_);
    for (;;) {
        auto nl = result_.out.find('\n', line_pos_);
        if (nl != std::string::npos) {
            std::string line = result_.out.substr(line_pos_, nl + 1 - line_pos_);
            line_pos_ = nl + 1;
            return line;
        }
        if (now() >= until || !out_.valid()) return "";
        pump(until, true);
    }
}

std::size_t Proc::read_stdout(std::size_t n) {
    std::string buf(n, '\0');
    ssize_t r = out_.valid() ? read(out_.get(), buf.data(), n) : -1;
    if (r <= 0) return 0;
    take_stdout(std::string_view(buf).substr(0, static_cast<std::size_t>(r)));
    return static_cast<std::size_t>(r);
}

void Proc::take_stdout(std::string_view bytes) {
    if (stdout_sink_)
        stdout_sink_(bytes);
    else
        result_.out.append(bytes);
}

void Proc::refill_stdin() {
    pending_in_.clear();
    in_sent_ = 0;
    if (!input_source_ || !in_.valid()) return;
    std::string_view next = input_source_();
    if (next.empty())
        input_source_ = nullptr;
    else
        pending_in_.assign(next);
}

void Proc::reap_nonblocking() {
    while (!reaped_) {
        int st = 0;
        // Once it has exited, but before it is reaped, its CPU clock still tells its own time
        // (threads included); wait4 then reports that plus its reaped children's, to the
        // microsecond. The difference is what its children used. So an exit is reaped only
        // after that look (a traced program's stops are collected by wait4 alone).
        siginfo_t exited{};
        if (waitid(P_PID, static_cast<id_t>(pid_), &exited, WEXITED | WNOHANG | WNOWAIT | __WALL) !=
                0 &&
            errno == ECHILD) {
            reaped_ = true;
            return;
        }
        std::optional<double> own;
        if (exited.si_pid == pid_)
            own = procfs::cpu_clock(pid_);
        else if (!traced_)
            return;
        rusage usage{};
        pid_t r = wait4(pid_, &st, WNOHANG | __WALL, &usage);
        if (r == 0) return;
        if (r < 0) {
            reaped_ = true;
            return;
        }
        if (WIFSTOPPED(st) && traced_) {
            traced_exit::on_stop(pid_, st, options_set_, result_.held_at_exit);
            continue;
        }
        if (WIFSTOPPED(st) || WIFCONTINUED(st)) continue;
        result_.status = st;
        result_.seconds = now() - start_;
        result_.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        if (own) result_.children_cpu = std::max(0.0, result_.cpu - *own);
        reaped_ = true;
    }
}

void Proc::pump(double until, bool want_line) {
    char buf[65536];
    for (;;) {
        if (looked_at_drain_ != g_sigchld_drains) {
            looked_at_drain_ = g_sigchld_drains;
            reap_nonblocking();
        }
        if (want_line && result_.out.find('\n', line_pos_) != std::string::npos) return;
        if (reaped_ && !out_.valid() && !err_.valid()) return;
        if (in_sent_ == pending_in_.size()) refill_stdin();
        if (in_.valid() && pending_in_.empty() && close_in_when_sent_) in_.reset();
        pollfd fds[4];
        int n = 0;
        if (in_.valid() && !pending_in_.empty()) fds[n++] = {in_.get(), POLLOUT, 0};
        if (out_.valid()) fds[n++] = {out_.get(), POLLIN, 0};
        if (err_.valid()) fds[n++] = {err_.get(), POLLIN, 0};
        if (!reaped_) fds[n++] = {sigchld_fd(), POLLIN, 0};
        double left = until - now();
        if (left <= 0) return;
        if (!reaped_ && sandbox::init_pid() > 0) left = std::min(left, next_census_ - now());
        int ms = static_cast<int>(std::ceil(std::clamp(left, 0.0, 3600.0) * 1000));
        if (poll(fds, static_cast<nfds_t>(n), ms) < 0 && errno != EINTR) return;
        if (!reaped_ && sandbox::init_pid() > 0 && now() >= next_census_) census();
        for (int i = 0; i < n; ++i) {
            if (!fds[i].revents) continue;
            int fd = fds[i].fd;
            if (fd == sigchld_fd()) {
                drain_sigchld();
            } else if (fd == in_.get()) {
                ssize_t w = ::write(fd, pending_in_.data() + in_sent_,
                                    std::min(pending_in_.size() - in_sent_, sizeof buf));
                if (w > 0) {
                    in_sent_ += static_cast<std::size_t>(w);
                } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                    in_.reset();  // the reader is gone (EPIPE): stop feeding it
                    refill_stdin();
                }
            } else {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r > 0) {
                    std::string_view bytes(buf, static_cast<std::size_t>(r));
                    if (fd == out_.get())
                        take_stdout(bytes);
                    else
                        result_.err.append(bytes);
                } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                    (fd == out_.get() ? out_ : err_).reset();
                }
            }
        }
    }
}

Result Proc::wait() {
    close_in_when_sent_ = true;
    if (deadlock_after_ > 0) wait_unless_deadlocked();
    pump(result_.deadlocked ? now() : deadline_, false);
    if (!reaped_) {
        result_.timed_out = !result_.deadlocked;
        kill_group();
        pump(now() + 3600, false);
    }
    // A descendant that outlived the program may still hold its output pipes open.
    if (out_.valid() || err_.valid()) pump(std::min(deadline_, now() + 1.0), false);
    out_.reset();
    err_.reset();
    if (!vg_log_.empty()) result_.valgrind_report = valgrind::complaints(vg_log_);
    note_unimplemented();
    return result_;
}

Result run(const std::string& path, const std::vector<std::string>& args, Options opt) {
    Proc p(path, args, std::move(opt));
    p.wait();
    return std::move(p.result_);
}

std::size_t wait_any(const std::vector<Proc*>& procs, double until) {
    for (;;) {
        if (now() >= until) return procs.size();
        double soonest = std::min(until, now() + 3600);
        for (std::size_t i = 0; i < procs.size(); ++i) {
            if (procs[i]->finished() || now() >= procs[i]->deadline()) return i;
            soonest = std::min(soonest, procs[i]->deadline());
        }
        if (sandbox::init_pid() > 0) soonest = std::min(soonest, now() + Proc::kCensusPeriod);
        pollfd p{sigchld_fd(), POLLIN, 0};
        poll(&p, 1, static_cast<int>(std::ceil(std::max(0.0, soonest - now()) * 1000)));
        drain_sigchld();
    }
}

}  // namespace grade
