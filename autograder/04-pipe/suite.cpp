// Lab 04-pipe: pipe_echo, pipe_upper, pipeline and popen_count, judged by their output, exit
// status, what the commands they run can see, and the children they leave behind.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>
#include <set>
#include <stdexcept>

#include "graded.hpp"
#include "shortwrites.hpp"

using namespace grade;

namespace {

// Creates a file at a fresh path holding BYTES, with mode MODE; returns the path.
std::string make_file(const std::string& bytes, unsigned mode = 0644) {
    std::string path = fresh_path("data");
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) throw std::runtime_error("grader could not create " + path);
    fill_and_close(fd, bytes, mode, path);
    return path;
}

// A shell script at a fresh path.
std::string make_script(const std::string& body) {
    return make_file("#!/bin/sh\n" + body, 0755);
}

// Text of random lowercase words: spaces, newlines and letters, N bytes.
std::string random_text(std::size_t n) {
    static const std::array<char, 256> kText = [] {  // a random byte to a character
        std::array<char, 256> text{};
        for (int v = 0; v < 256; ++v)
            text[v] = v < 20 ? '\n' : v < 50 ? ' ' : static_cast<char>('a' + v % 26);
        return text;
    }();
    std::string s = random_bytes(n);
    for (char& c : s)
        c = kText[static_cast<unsigned char>(c)];
    return s;
}

std::string upper(std::string s) {
    upper_ascii(s);
    return s;
}

// What `/bin/sh -c 'CMD1 | CMD2 | ...'` does, run by the grader in the same conditions.
Result shell_pipeline(const std::vector<std::string>& cmds, const std::string& input = "") {
    std::string line;
    for (const auto& c : cmds)
        line += (line.empty() ? "" : " | ") + c;
    Options opt{.input = input, .timeout = 60};
    opt.student = false;
    return run("/usr/bin/env",
               {"-i", "PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "/bin/sh", "-c", line}, opt);
}

// A run that hangs gets the hint that names why it hangs, not a generic one.
void expect_no_hang(const Result& r, std::string_view hang_hint) {
    expect(!r.timed_out && !r.deadlocked, "`" + r.command + "` to finish", r.describe(),
           r.deadlock_hint.empty() ? hang_hint : std::string_view(r.deadlock_hint));
}

const char* const kPipeEnds =
    "a pipe end was left open. A reader sees end-of-file only once every copy of "
    "the write end is closed (the parent's and every child's), and a writer is stopped "
    "(SIGPIPE) only once every copy of the read end is closed: close each end in every process "
    "that does not use it";

// Runs pipe_upper on BYTES, which the grader feeds through a FIFO while it reads the output a
// few KiB at a time, and forces short writes in every process of it (stop_while_writing). The
// pipes its child writes back through are first shrunk to 16 KiB (narrow_pipes_back, while
// they are empty: the grader feeds nothing before): a child's larger write then sleeps half
// done until the parent reads, and is stopped there as often as the parent's.
Result run_stopped_while_writing(const std::string& bytes, int rounds) {
    std::string fifo = fresh_path("in");
    if (mkfifo(fifo.c_str(), 0600) < 0) throw std::runtime_error("grader could not create " + fifo);
    // Opened for reading and writing: opening waits for no reader, and no write blocks.
    struct Feed {
        int fd = -1;
        ~Feed() {
            if (fd >= 0) close(fd);
        }
    } in{open(fifo.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC)};
    if (in.fd < 0) throw std::runtime_error("grader could not open " + fifo);
    Proc p("/bin/sh", {"-c", "exec \"$0\" < \"$1\"", student_path("pipe_upper"), fifo},
           {.timeout = 30});
    std::set<unsigned long> narrowed;
    std::size_t fed = 0;
    int round = 0;
    stop_while_writing(p, [&] {
        if (round++ == 0) return true;  // first let it settle, waiting for input
        narrow_pipes_back(p.pid(), narrowed);
        if (fed < bytes.size()) {
            ssize_t w = ::write(in.fd, bytes.data() + fed, bytes.size() - fed);
            fed += w > 0 ? static_cast<std::size_t>(w) : 0;
        } else if (in.fd >= 0) {
            close(in.fd);  // end of input
            in.fd = -1;
        }
        p.read_stdout(4096 + random_below(12288));  // room for part of a write, not all of it
        return round <= rounds || in.fd >= 0;
    });
    if (in.fd >= 0) {  // it ended or ran out of time before taking all input
        close(in.fd);
        in.fd = -1;
    }
    return p.wait();
}

void expect_pipeline_works() {
    std::string input = random_text(2000);
    auto r = run_student("pipeline", {"cat", "tr a-z A-Z"}, {.input = input});
    expect_output(r, upper(input), "pipeline must run a working pipeline before this counts");
}

}  // namespace

GRADED("pipe_echo sends STRING through a child and back", 10, "04.echo") {
    for (std::size_t n : {0, 1, 100, 100000}) {
        std::string text = random_word(n);
        auto r = run_student("pipe_echo", {text}, {.timeout = 10});
        expect_no_hang(r,
                       "the child never saw end-of-file. Close the write end of "
                       "the first pipe in the child (its own copy) and in the parent after "
                       "sending, so the child's read returns 0");
        expect_output(r, text + "\n",
                      "read in a loop until read() returns 0 (100000 bytes do not fit in a pipe "
                      "at once), write it all back, and print it with one \\n");
    }
}

GRADED("pipe_echo leaves no zombie", 5, "C.release") {
    std::string text = random_word(5000);
    auto r = run_student("pipe_echo", {text}, {.inspect_exit = true});
    const char* hint = "waitpid() for the child before exiting, or it stays a zombie";
    expect_output(r, text + "\n", hint);
    expect_released(r, hint);
}

GRADED("pipe_upper upper-cases stdin byte for byte", 10, "04.upper.bytes") {
    const char* hint =
        "change only the bytes 'a' to 'z' (binary input: every other byte, NUL and bytes above "
        "127 included, passes unchanged), and pass every byte back to the parent";
    for (std::size_t n : {0, 1, 3000}) {
        std::string input =
            n == 1 ? std::string(1, static_cast<char>('a' + random_below(26))) : random_bytes(n);
        auto r = run_student("pipe_upper", {}, {.input = input, .timeout = 10});
        expect_no_hang(r,
                       "it hung on a small input: the child never saw end-of-file. Close "
                       "the write end of the parent-to-child pipe in the child, and in the "
                       "parent once stdin is at its end");
        expect_output(r, upper(input), hint);
    }
    std::string all;
    for (int c = 0; c < 256; ++c)
        all += static_cast<char>(c);
    expect_output(run_student("pipe_upper", {}, {.input = all, .timeout = 10}), upper(all), hint);
}

GRADED("pipe_upper streams 32 MiB without deadlock", 10, "04.upper.large") {
    // A program that cannot upper-case a few bytes fails here, before 32 MiB are made.
    std::string small = random_text(5000);
    expect_output(run_student("pipe_upper", {}, {.input = small, .timeout = 10}), upper(small),
                  "pipe_upper must upper-case a small input before a large one");
    // stdin is a 32 MiB file (a shell redirects it, then becomes pipe_upper): every read()
    // returns a full buffer, and a write of a full buffer to the child is often short. Stdout
    // is checked as it arrives, a MiB at a time.
    LongInput input(32 << 20);
    OutputCheck output(input, upper_ascii);
    auto r =
        run("/bin/sh", {"-c", "exec \"$0\" < \"$1\"", student_path("pipe_upper"), input.to_file()},
            {.timeout = 30, .stdout_sink = output.sink(), .deadlock_after = 1});
    expect(!r.timed_out && !r.deadlocked, "`pipe_upper < 32-MiB-file` to finish", r.describe(),
           "did the parent write all input before reading the child's output? Once "
           "both pipes are full, the parent waits for the child to read and the child waits for "
           "the parent to read: move data both ways at once (poll, or a second process)");
    expect_output(r, output,
                  "every byte must come back: write() to a non-blocking pipe may write fewer "
                  "bytes than asked (a short write); send the rest later");

    std::string bytes = random_bytes((256 << 10) + random_below(1 << 16));
    auto stopped = run_stopped_while_writing(bytes, 30);
    std::string stopped_hint =
        short_write_hint("pipe_upper", "a pipe") + ", in the parent and in the child";
    expect_no_hang(stopped, stopped_hint);
    expect_exit(stopped, 0, stopped_hint);
    expect_output(stopped, upper(bytes), stopped_hint);
}

GRADED("pipeline matches the shell for 2, 3 and 6 stages", 15, "04.pipeline.run") {
    auto expect_as_shell = [](const std::vector<std::string>& cmds, const std::string& input) {
        auto want = shell_pipeline(cmds, input);
        if (want.exit_code() != 0)
            throw std::runtime_error("grader: the shell failed " + want.command);
        auto r = run_student("pipeline", cmds, {.input = input, .timeout = 60});
        expect_no_hang(r, kPipeEnds);
        expect_output(r, want.out,
                      "each command but the first reads the previous pipe on fd 0, each but the "
                      "last writes the next pipe on fd 1: dup2() the pipe ends onto 0 and 1 in "
                      "the child before execvp");
    };
    // Small inputs first: the files of megabytes are made only for a program that gets these.
    expect_as_shell({"cat", "cat"}, random_bytes(300000));
    expect_as_shell({"tr a-m n-z", "sort", "uniq -c"}, random_text(20000));
    std::string words = make_file(random_text(60000));
    expect_as_shell({"cat  " + words, " sort ", "uniq -c  ", "sort -n", "tail -n 5", "wc -c"}, "");
    expect_as_shell({"cat " + make_file(random_text(2 << 20)), "tr a-z A-Z"}, "");
    std::string medium = make_file(random_text(256 << 10));
    expect_as_shell({"cat " + medium, "fold -w 50", "cut -c 2-3", "tr a-z A-Z", "sort", "uniq -c"},
                    "");
}

GRADED("pipeline ends once every unused pipe end is closed", 10, "04.pipeline.ends") {
    std::uint64_t lines = 1 + random_below(1000);
    auto r = run_student("pipeline", {"yes", "head -n " + std::to_string(lines)}, {.timeout = 10});
    expect_no_hang(r, kPipeEnds);
    std::string want;
    for (std::uint64_t i = 0; i < lines; ++i)
        want += "y\n";
    expect_output(r, want, "`yes | head` must print head's lines and end");
    std::string input = random_text(100000);
    r = run_student("pipeline", {"cat", "tr a-z A-Z", "cat"}, {.input = input, .timeout = 10});
    expect_no_hang(r, kPipeEnds);
    expect_output(r, upper(input), "`cat | tr a-z A-Z | cat` must copy stdin upper-cased");
}

GRADED("pipeline gives each command only descriptors 0, 1 and 2", 10, "04.pipeline.ends") {
    // ls opens one descriptor of its own to read the directory, so the shell's output is the
    // reference for what a command without leaked descriptors sees.
    for (const auto& cmds : std::vector<std::vector<std::string>>{
             {"ls /proc/self/fd", "cat"},
             {"echo x", "ls /proc/self/fd", "cat", "cat"},
             {"echo x", "cat", "ls /proc/self/fd"},
             {"echo x", "cat", "cat", "cat", "ls /proc/self/fd"}}) {
        auto want = shell_pipeline(cmds);
        // Not under valgrind: its own descriptors would show up in the listing.
        auto r = run_student("pipeline", cmds, {.valgrind = false});
        expect_no_hang(r, kPipeEnds);
        expect_output(r, want.out,
                      "a command inherits every descriptor open at execvp: after dup2() close "
                      "the original pipe descriptors, and every pipe end of the other "
                      "commands, in each child (the list shows what `ls /proc/self/fd` saw)");
    }
}

GRADED("pipeline exits with the last command's status", 5, "04.pipeline.status") {
    std::string code = make_script("cat >/dev/null\nexit $1\n");
    const int sigs[] = {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
    const int sig = sigs[random_below(4)];
    std::string killed =
        make_script("cat >/dev/null\nkill -" + std::string(sigabbrev_np(sig)) + " $$\n");
    const char* hint =
        "waitpid() every child, and return the status of the LAST command: WEXITSTATUS when it "
        "exited, 128 + WTERMSIG when a signal killed it";
    for (int i = 0; i < 3; ++i) {
        int first = static_cast<int>(1 + random_below(100)), last = i == 0 ? 0 : first + 1 + i;
        auto r = run_student("pipeline", {code + " " + std::to_string(first), "cat",
                                          code + " " + std::to_string(last)});
        expect_no_hang(r, kPipeEnds);
        expect_exit(r, last, hint);
    }
    auto r = run_student("pipeline", {"echo x", killed});
    expect_no_hang(r, kPipeEnds);
    expect_exit(r, 128 + sig, hint);
}

GRADED("pipeline reports a command it cannot run with 127", 5, "04.pipeline.noexec") {
    expect_pipeline_works();
    std::string not_executable = make_file("#!/bin/sh\necho hi\n", 0644);
    for (const auto& cmd : {"no-such-command-" + random_word(8), not_executable}) {
        auto r = run_student("pipeline", {"echo x", cmd});
        expect_no_hang(r, kPipeEnds);
        const char* hint =
            "when execvp returns it failed: print a message on stderr and _exit(127) in the "
            "child (never return into the parent's code)";
        expect_exit(r, 127, hint);
        expect(!r.err.empty(), "a message on stderr", "nothing on stderr", hint);
        expect(r.out.empty(), "nothing on stdout", "stdout " + show(r.out), hint);
    }
}

GRADED("pipeline leaves no zombies", 5, "04.pipeline.reap C.release") {
    std::string input = random_text(5000);
    auto r = run_student("pipeline", {"cat", "tr a-z A-Z", "cat", "cat"},
                         {.input = input, .inspect_exit = true});
    const char* hint =
        "waitpid() for every child, not only the last one: each unwaited child stays a zombie";
    expect_no_hang(r, kPipeEnds);
    expect_output(r, upper(input), hint);
    expect_released(r, hint);
}

GRADED("popen_count counts the lines and bytes of CMD's output", 5, "04.popen.count") {
    auto expect_count = [](const std::string& cmd, const std::string& output) {
        auto lines = std::count(output.begin(), output.end(), '\n');
        auto r = run_student("popen_count", {cmd}, {.timeout = 30});
        expect_output(r, std::to_string(lines) + " " + std::to_string(output.size()) + "\n",
                      "count every '\\n' byte as a line (a last line without one is not a line) "
                      "and every byte; read with fread into a buffer: the output is binary and "
                      "its lines may be longer than any buffer");
    };
    expect_count("true", "");
    expect_count("", "");
    std::string no_newline = random_word(1 + random_below(100));
    expect_count("printf %s " + no_newline, no_newline);
    // The large outputs are made only for a program that got the small ones right.
    std::string binary = random_bytes(100000 + random_below(1000));
    expect_count("cat " + make_file(binary), binary);
    // Lines far longer than any buffer a program might read them into.
    std::string long_lines = random_text(10 << 20);
    std::replace(long_lines.begin(), long_lines.end(), '\n', ' ');
    for (std::size_t i = random_below(200000); i < long_lines.size(); i += random_below(200000))
        long_lines[i] = '\n';
    expect_count("cat " + make_file(long_lines), long_lines);
}

GRADED("popen_count exits with CMD's status", 5, "04.popen.status") {
    const char* hint =
        "pclose returns a wait status, not an exit code: exit with WEXITSTATUS(status), or "
        "128 + WTERMSIG(status) when a signal killed the shell";
    for (int code : {0, 3, 42, static_cast<int>(4 + random_below(100))}) {
        auto r = run_student("popen_count", {"printf 'a\\nb\\n'; exit " + std::to_string(code)});
        expect_exit(r, code, hint);
        expect(r.out == "2 4\n", "stdout \"2 4\\n\"", "stdout " + show(r.out), hint);
    }
    const int sigs[] = {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
    const int sig = sigs[random_below(4)];
    auto r =
        run_student("popen_count", {"echo x; kill -" + std::string(sigabbrev_np(sig)) + " $$"});
    expect_exit(r, 128 + sig, hint);
    expect(r.out == "1 2\n", "stdout \"1 2\\n\"", "stdout " + show(r.out), hint);
}

GRADED("bad arguments are usage errors (exit 2)", 5, "04.args C.usage") {
    expect_pipeline_works();
    const char* hint =
        "check the arguments before doing anything: a wrong count, or a pipeline CMD with no "
        "word in it, is exit 2 with \"usage: ...\" on stderr";
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"pipe_echo", {}},
             {"pipe_echo", {"a", "b"}},
             {"pipe_upper", {"x"}},
             {"pipeline", {}},
             {"pipeline", {"echo hi"}},
             {"pipeline", {"echo hi", "   "}},
             {"pipeline", {"", "cat"}},
             {"popen_count", {}},
             {"popen_count", {"true", "true"}}}) {
        auto r = run_student(program, args, {.timeout = 10});
        expect_usage(r, hint);
        expect(r.out.empty(), "nothing on stdout", "stdout " + show(r.out), hint);
    }
}
