#include "exec_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox.hpp"
#include "traced_exit.hpp"

namespace grade {

void exec_child(const ChildPlan& plan) {
    for (int s = 1; s < NSIG; ++s)
        ::signal(s, SIG_DFL);  // ignored signals survive exec; first, while all are blocked
    // A session of its own is a process group of its own (the program and its children, killed
    // together) and, with the kernel's autogroup scheduling, a CPU share of its own: a fork bomb
    // in one test cannot starve the programs of a test running beside it.
    setsid();
    // Its own session is out of reach of a Ctrl-C meant for us: if we die, it dies too.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Had we died before that line, it was re-parented; 0 means we are outside its PID
    // namespace (a sandboxed program), alive.
    if (pid_t now_parent = getppid(); now_parent != plan.parent && now_parent != 0) _exit(126);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int fd0 = plan.stdin_fd >= 0 ? plan.stdin_fd : open("/dev/null", O_RDONLY);
    int fd1 = plan.stdout_fd >= 0 ? plan.stdout_fd
                                  : open(plan.stdout_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fd2 = plan.stderr_fd >= 0 ? plan.stderr_fd
                                  : open(plan.stderr_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd0 < 0 || fd1 < 0 || fd2 < 0) _exit(126);
    dup2(fd0, 0);
    dup2(fd1, 1);
    dup2(fd2, 2);
    close_range(3, ~0U, 0);  // the contract: only descriptors 0, 1 and 2 are open
    if (chdir(plan.cwd) < 0) _exit(126);
    if (plan.student) {
        umask(022);
        sandbox::confine_child(plan.under_valgrind);
    }
    if (plan.traced) traced_exit::trace_me();
    execvpe(plan.argv[0], plan.argv, plan.envp);
    static const char msg[] = "ipclab: cannot execute the program\n";
    (void)!::write(2, msg, sizeof msg - 1);
    _exit(127);
}

pid_t spawn_child(const ChildPlan& plan) {
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    const pid_t pid = vfork();
    if (pid == 0) exec_child(plan);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    return pid;
}

}  // namespace grade
