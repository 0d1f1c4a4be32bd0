// Lab 05-fifo: fifo_server and fifo_client, each judged against the grader playing the other
// side, then together.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "fifo.hpp"
#include "graded.hpp"
#include "procfs.hpp"
#include "watch.hpp"

using namespace grade;
namespace fifo = grade::fifo;

namespace {

const char* kOpenHint =
    "open your own FIFO for reading before sending the request, with O_RDONLY | O_NONBLOCK "
    "(then poll for the reply) or O_RDWR: a plain O_RDONLY open waits for a writer, and the "
    "server only opens it after it has your request";

// Starts fifo_server on PATH and waits for its "ready" line.
const char* kReadyHint =
    "make the FIFO, open it for reading with O_NONBLOCK (and for writing, so that it never reads "
    "as end-of-file), then print ready";

std::unique_ptr<Proc> start_server(const std::string& path, double timeout = 30,
                                   std::string_view hint = kReadyHint) {
    auto p = std::make_unique<Proc>(student_path("fifo_server"), std::vector<std::string>{path},
                                    Options{.timeout = timeout});
    std::string line = p->read_line(10);
    if (line != "ready\n") {
        Result r = p->wait();
        fail("fifo_server to print \"ready\\n\" once it takes requests",
             line.empty() ? r.describe() + (r.err.empty() ? "" : "; stderr: " + r.err)
                          : "stdout " + show(line),
             hint);
    }
    return p;
}

// The grader, as a client, asks for N numbers and expects WANT as the reply.
void expect_grant(const std::string& path, std::uint64_t n, std::uint64_t want,
                  std::string_view hint) {
    auto got = fifo::ask(path, n);
    expect(got == std::to_string(want),
           "the reply \"" + std::to_string(want) + "\\n\" to a request for " + std::to_string(n) +
               " numbers",
           got ? "the reply " + show(*got + "\n") : "no reply within 10 s", hint);
}

// What fifo_client sent to the grader's server, taken apart and checked.
struct Request {
    std::string client_fifo;
    std::size_t length = 0;  // bytes on the wire, '\n' included
};

Request expect_request(fifo::Server& server, Proc& client, std::uint64_t n,
                       const std::string& dir = scratch_dir()) {
    // Wait while the client runs (a client that has exited will send nothing more).
    std::optional<std::string> line;
    for (const double give_up = now() + 10; !line && now() < give_up;) {
        bool done = client.finished();
        line = server.request(done ? 0 : 0.1);
        if (done) break;
    }
    const char* where_hint = "with TMPDIR unset, make your FIFO in /tmp";
    if (!line) {
        client.signal(SIGKILL);
        Result r = client.wait();
        fail("a request line \"FIFO N\\n\" at the server's FIFO",
             "nothing (client: " + r.describe() + (r.err.empty() ? "" : "; stderr: " + r.err) + ")",
             dir == scratch_dir() ? kOpenHint : where_hint);
    }
    auto space = line->rfind(' ');
    std::string fifo_path = space == std::string::npos ? "" : line->substr(0, space);
    std::string count = space == std::string::npos ? "" : line->substr(space + 1);
    const std::string in_dir = dir + "/";
    struct stat st {};
    expect(count == std::to_string(n) && fifo_path.rfind(in_dir, 0) == 0 &&
               fifo_path.find(' ') == std::string::npos,
           "the request \"" + in_dir + "<name> " + std::to_string(n) + "\\n\"",
           "the request " + show(*line + "\n"),
           dir == scratch_dir() ? "send YOUR_FIFO, one space, N and a newline, where YOUR_FIFO "
                                  "is an absolute path in $TMPDIR"
                                : where_hint);
    expect(lstat(fifo_path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode),
           "a FIFO at " + fifo_path + " when the request arrives", "no FIFO there",
           "make your FIFO (mkfifo) before sending the request");
    return {fifo_path, line->size() + 1};
}

// fifo_client asks the grader's server for N numbers, gets a random first number and must
// print it and leave no FIFO behind. Returns the request's length on the wire.
// DIR is where the client must make its FIFO: $TMPDIR, or /tmp when TMPDIR is unset.
std::size_t expect_client_round(std::string_view hint, const std::string& dir = scratch_dir()) {
    fifo::Server server;
    auto before = fifo::student_fifos(dir);
    std::uint64_t n = 100000 + random_below(900000);
    Options opt{.timeout = 15};
    if (dir != scratch_dir()) opt.unset = {"TMPDIR"};
    Proc client(student_path("fifo_client"), {server.path(), std::to_string(n)}, opt);
    Request req = expect_request(server, client, n, dir);
    std::uint64_t first = random_below(1ULL << 40);
    expect(server.reply(req.client_fifo, std::to_string(first) + "\n"),
           "the client's FIFO open for reading while it waits", "nobody reading it (ENXIO)",
           kOpenHint);
    expect_output(client.wait(), std::to_string(first) + "\n", hint);
    auto after = fifo::student_fifos(dir);
    for (const auto& f : after) {
        expect(before.count(f) == 1, "no FIFO of the client's left in " + dir,
               "the FIFO " + f + " is still there",
               "unlink your FIFO before exiting, on every path out (a small RAII type helps)");
    }
    return req.length;
}

}  // namespace

GRADED("fifo_server grants 0, then N, then the numbers after them", 15, "05.server.grant") {
    auto path = fresh_path("server");
    auto server = start_server(path);
    std::uint64_t next = 0;
    for (int i = 0; i < 6; ++i) {
        std::uint64_t n = i == 0 ? 1 : 1 + random_below(1000000);
        expect_grant(path, n, next,
                     "reply with the counter's value, then add N to it: every request uses up "
                     "N numbers");
        next += n;
    }
    // Three requests in one write: the server's next read() returns all of them at once, as it
    // does whenever clients write at the same moment.
    std::vector<std::uint64_t> ns = {1 + random_below(100), 1 + random_below(100), 1};
    auto replies = fifo::ask_together(path, ns);
    for (std::size_t i = 0; i < ns.size(); ++i) {
        expect(replies[i] == std::to_string(next),
               "request " + std::to_string(i + 1) + " of 3 sent in one write answered " +
                   std::to_string(next),
               replies[i] ? "answered " + show(*replies[i]) : "no reply",
               "one read returns several requests when clients write at once: handle every "
               "whole line of what read() returned, and keep a partial line for the next read");
        next += ns[i];
    }
}

GRADED("fifo_server makes PATH a FIFO of mode 0600 and reuses an existing one", 5,
       "05.server.fifo") {
    auto path = fresh_path("server");
    {
        auto server = start_server(path);
        struct stat st {};
        expect(
            lstat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0600,
            "a FIFO of mode 600 at PATH",
            lstat(path.c_str(), &st) != 0
                ? "nothing there"
                : std::string(S_ISFIFO(st.st_mode) ? "a FIFO" : "not a FIFO") + " of mode " +
                      octal(st.st_mode & 07777),
            "mkfifo(PATH, 0600)");
        expect_grant(path, 1, 0, "the server must answer requests");
    }
    kill_all_children();
    auto again = fresh_path("server");
    if (mkfifo(again.c_str(), 0600) < 0) fail("grader mkfifo", "failed", "not your bug");
    const char* reuse =
        "an existing FIFO at PATH is fine: mkfifo's EEXIST is not an error when PATH is a FIFO";
    auto server = start_server(again, 30, reuse);
    expect_grant(again, 1, 0, reuse);
}

GRADED("fifo_server sleeps while idle, also after its last client left", 10,
       "05.server.idle C.sleep") {
    auto path = fresh_path("server");
    auto server = start_server(path);
    const char* hint =
        "keep a descriptor open for writing on your own FIFO: when the last writer closes, a "
        "FIFO reads as end-of-file (and poll reports it) at once, forever";
    expect_blocked(*server, "its first request", hint);
    expect_grant(path, 7, 0, "the server must answer a request");
    expect_blocked(*server, "the next request after a client left", hint, 1.0);
}

GRADED("fifo_server survives clients that vanish before their reply", 10, "05.server.vanish") {
    auto path = fresh_path("server");
    auto server = start_server(path);
    std::uint64_t n = 1 + random_below(1000);
    expect_grant(path, n, 0, "the server must answer a request");
    fifo::Server feed;  // only used to write raw requests into the server's FIFO
    const char* open_hint =
        "open the client's FIFO with O_WRONLY | O_NONBLOCK: then a FIFO nobody reads fails at "
        "once (ENXIO) instead of blocking the server, and a missing one is ENOENT; skip that "
        "client and use up no numbers";
    {
        // One client whose FIFO was never made, one whose FIFO nobody reads.
        int out = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        std::string gone = fresh_path("grader-missing") + " 5\n";
        std::string deaf = fifo::unopened_fifo() + " 9\n";
        bool ok = out >= 0 && write(out, gone.data(), gone.size()) > 0 &&
                  write(out, deaf.data(), deaf.size()) > 0;
        if (out >= 0) close(out);
        expect(ok, "the server's FIFO open for requests", "could not write to it", open_hint);
    }
    expect_grant(path, 3, n, open_hint);
    // Clients that close their FIFO right after asking: the reply may meet no reader (EPIPE).
    for (int i = 0; i < 20; ++i) {
        std::string mine = fifo::unopened_fifo();
        int in = open(mine.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        int out = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        std::string req = mine + " 1\n";
        if (out >= 0) (void)!write(out, req.data(), req.size());
        if (out >= 0) close(out);
        close(in);
    }
    auto got = fifo::ask(path, 1);
    expect(got.has_value() && !server->finished(), "the server still answering",
           server->finished() ? "it died: " + server->wait().describe() : "no reply",
           "ignore SIGPIPE: writing to a FIFO whose reader has just gone raises it, and it kills");
    expect(fifo::survives_signal(server->pid(), SIGPIPE), "SIGPIPE ignored (or blocked, or caught)",
           "SIGPIPE still kills the server",
           "ignore SIGPIPE: a client that closes its FIFO between your open and your write "
           "turns the write into EPIPE and SIGPIPE, whose default action kills the server");
}

GRADED("fifo_server skips malformed requests", 5, "05.server.malformed") {
    auto path = fresh_path("server");
    auto server = start_server(path);
    std::uint64_t n = 1 + random_below(1000);
    expect_grant(path, n, 0, "the server must answer a request");
    fifo::Server listener;  // a reachable FIFO that malformed requests name
    int out = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    for (std::string bad :
         {std::string("no-space-at-all"), listener.path() + " abc", listener.path() + " 0",
          listener.path() + " 1000001", listener.path() + " 12x"}) {
        bad += "\n";
        if (out < 0 || write(out, bad.data(), bad.size()) < 0) fail("a server", "", "");
    }
    close(out);
    expect_grant(path, 2, n,
                 "a request is well formed only when N is 1 to 1000000 in plain decimal: check "
                 "the whole field (from_chars or strtoull with the end pointer) and its range, "
                 "skip anything else, and go on serving");
    expect(listener.available() == 0, "no reply to a malformed request",
           "a reply " + show(listener.take(listener.available())),
           "skip a malformed request without answering it");
}

GRADED("fifo_server removes PATH and exits 0 on SIGTERM and SIGINT", 10, "05.server.stop") {
    for (int sig : {SIGTERM, SIGINT}) {
        auto path = fresh_path("server");
        auto server = start_server(path, 15);
        expect_grant(path, 4, 0, "the server must answer a request");
        server->signal(sig);
        Result r = server->wait();
        std::string name = sig == SIGTERM ? "SIGTERM" : "SIGINT";
        expect_exit(r, 0,
                    "on " + name +
                        ", leave the loop, remove PATH and exit 0 (a handler "
                        "that only sets a flag, a signalfd, or sigwait)");
        struct stat st {};
        expect(lstat(path.c_str(), &st) != 0, "PATH removed after " + name, "it is still there",
               "unlink PATH before exiting on SIGTERM and SIGINT");
    }
}

GRADED("fifo_server answers a missing or extra argument with usage", 5, "05.args C.usage") {
    {
        auto path = fresh_path("server");
        auto server = start_server(path);
        expect_grant(path, 1, 0, "fifo_server must answer requests before its error paths count");
    }
    kill_all_children();
    // A server that ignores an extra argument would make PATH and serve until killed.
    auto path = fresh_path("server");
    for (auto args : std::vector<std::vector<std::string>>{{}, {path, "extra"}}) {
        expect_usage(run_student("fifo_server", args, {.timeout = 5}),
                     "fifo_server takes exactly PATH: count the arguments first, and answer a "
                     "wrong count with usage and exit 2");
        struct stat st {};
        expect(lstat(path.c_str(), &st) != 0, "nothing made at PATH", "a file there",
               "check the arguments before you make the FIFO");
    }
}

GRADED("fifo_client prints the number granted and removes its FIFO", 10,
       "05.client.reply 05.client.tmp") {
    for (int i = 0; i < 3; ++i)
        expect_client_round("print the reply's number and a newline, nothing else");
    // In the sandbox each test has a /tmp of its own (and pids of its own, so a FIFO named by
    // pid cannot meet another test's); without one, pids are unique anyway.
    expect_client_round("print the reply's number and a newline, nothing else", "/tmp");
}

GRADED("fifo_client sends its request with one write", 10, "05.client.write 05.client.order") {
    // A write of fewer than PIPE_BUF bytes is atomic: it waits until the FIFO has room for all
    // of it. The grader leaves room for all but one byte of the request: a single write must
    // then wait with nothing written, while a request sent in pieces shows its first piece.
    std::size_t length = expect_client_round("the client must work with the grader's server");
    fifo::Server server(4096);
    const std::size_t room = length - 1;
    server.inject(std::string(4096 - room, 'x'));
    std::uint64_t n = 100000 + random_below(900000);
    Proc client(student_path("fifo_client"), {server.path(), std::to_string(n)}, {.timeout = 15});
    const double give_up = now() + 10;
    bool settled = false;
    while (!settled && now() < give_up && !client.finished()) {
        long nr = client.state() == 'S' ? procfs::syscall(client.pid()).nr : -1;
        bool writing = nr == SYS_write || nr == SYS_writev || nr == SYS_pwrite64 ||
                       nr == SYS_pwritev || nr == SYS_pwritev2;
        // Either stuck in a write (the FIFO is full for it), or waiting for the reply with
        // something written (a shorter request than the first one fitted whole).
        settled = writing || (nr >= 0 && server.available() > 4096 - room);
        if (!settled) usleep(2000);  // polling an observation; nothing waits on this pause
    }
    // A client that keeps O_NONBLOCK on the server's FIFO gets EAGAIN from a write that does
    // not fit and gives up: allowed, as long as it wrote no piece of a request either.
    const bool gave_up = !settled && client.finished();
    expect(settled || gave_up, "the client waiting, its request written or blocked in write()",
           "neither within 10 s",
           "write the request into the server's FIFO with one write (the server's FIFO "
           "blocks a write of fewer than PIPE_BUF bytes until all of it fits)");
    server.take(4096 - room);  // the filler
    std::string sent = server.peek();
    expect(sent.empty() || sent.back() == '\n', "nothing, or a whole request line",
           "the piece " + show(sent) + " without the rest",
           "send the whole request with a single write(): pieces written separately can be "
           "interleaved with other clients' requests");
    if (gave_up) return;
    Request req = expect_request(server, client, n);
    expect(server.reply(req.client_fifo, "42\n"), "the client's FIFO open for reading",
           "nobody reading it", kOpenHint);
    expect_output(client.wait(), "42\n", "print the reply's number");
}

GRADED("fifo_client without a server exits 1 promptly", 5, "05.client.noserver C.exit") {
    expect_client_round("fifo_client must work with a server before its error paths count");
    auto before = fifo::student_fifos();
    const char* hint =
        "open PATH with O_WRONLY | O_NONBLOCK: with no reader that fails at once (ENXIO) where a "
        "blocking open would wait forever; report it and exit 1";
    expect_error(run_student("fifo_client", {fresh_path("nothing"), "3"}, {.timeout = 5}), 1, hint);
    expect_error(run_student("fifo_client", {fifo::unopened_fifo(), "3"}, {.timeout = 5}), 1, hint);
    for (const auto& f : fifo::student_fifos())
        expect(before.count(f) == 1, "no FIFO of the client's left in $TMPDIR",
               "the FIFO " + f + " is still there", "remove your FIFO on the error paths too");
}

GRADED("fifo_client rejects a bad N with usage", 5, "05.client.args 05.args C.usage") {
    expect_client_round("fifo_client must work with a server before its error paths count");
    auto nowhere = fresh_path("nothing");
    for (auto args : std::vector<std::vector<std::string>>{{nowhere, "0"},
                                                           {nowhere, "1000001"},
                                                           {nowhere, "abc"},
                                                           {nowhere, "-4"},
                                                           {nowhere, "7x"},
                                                           {nowhere},
                                                           {nowhere, "1", "2"}}) {
        expect_usage(run_student("fifo_client", args, {.timeout = 5}),
                     "N must be a plain decimal from 1 to 1000000: check it before anything "
                     "else, and answer with usage and exit 2");
    }
}

CONCURRENT_GRADED("16 concurrent clients get disjoint ranges covering [0, sum of N)", 15,
                  "05.server.grant 05.client.order") {
    auto path = fresh_path("server");
    auto server = start_server(path, 60);
    auto before = fifo::student_fifos();
    // The server is stopped while the clients start, as a busy server would be: their requests
    // pile up in its FIFO, and once it goes on, one read returns many of them. A server that
    // takes one request per read then drops some in every round, where 64 clients started one
    // after another, the server running, cost four times as much.
    server->signal(SIGSTOP);
    std::vector<std::uint64_t> ns;
    std::vector<std::unique_ptr<Proc>> clients;
    for (int i = 0; i < 16; ++i) {
        ns.push_back(1 + random_below(i % 2 ? 1000000 : 100));
        clients.push_back(std::make_unique<Proc>(
            student_path("fifo_client"), std::vector<std::string>{path, std::to_string(ns.back())},
            Options{.timeout = 40, .deadlock_after = 1}));
    }
    // Observation only: give each client (bounded) time to send its request and wait for the
    // reply.
    const double give_up = now() + 5;
    for (auto& c : clients)
        while (now() < give_up && !c->finished() && c->state() != 'S')
            pause_for(0.002);
    server->signal(SIGCONT);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;  // [first, first + n)
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        Result r = clients[i]->wait();
        expect_exit(r, 0,
                    "every client must get its reply: one atomic write per request, and "
                    "the server reads whole lines even when one read returns several");
        std::uint64_t first = 0;
        std::string out = r.out;
        expect(!out.empty() && out.back() == '\n' &&
                   std::all_of(out.begin(), out.end() - 1, ::isdigit) && out.size() > 1,
               "one number and a newline", "stdout " + show(out), "print only the number");
        first = std::stoull(out);
        ranges.push_back({first, first + ns[i]});
        total += ns[i];
    }
    std::sort(ranges.begin(), ranges.end());
    std::uint64_t expect_next = 0;
    for (auto [lo, hi] : ranges) {
        expect(lo == expect_next,
               "ranges that fit together exactly from 0 to " + std::to_string(total),
               lo < expect_next
                   ? "a range starting at " + std::to_string(lo) + " overlaps the one before"
                   : "a gap before " + std::to_string(lo),
               "grant each request the counter's value and add its N, one request at a time");
        expect_next = hi;
    }
    for (const auto& f : fifo::student_fifos())
        expect(before.count(f) == 1, "no client FIFO left in $TMPDIR", "the FIFO " + f + " is left",
               "each client removes its own FIFO");
}
