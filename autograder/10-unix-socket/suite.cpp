// Lab 10-unix-socket: us_server and us_client, judged against the grader's own sockets, and
// descriptor passing with fd_send and fd_recv.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "graded.hpp"
#include "procfs.hpp"
#include "shortwrites.hpp"
#include "usock.hpp"
#include "watch.hpp"

using namespace grade;

namespace {

// One of the grader's clients: what it sends, what came back, how far it got.
struct Client {
    int fd = -1;
    std::string payload, reply;
    std::size_t sent = 0;
    bool shut = false, done = false;
};

bool exists(const std::string& path) {
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
}

// Starts us_server at PATH and waits for its "ready" line.
std::unique_ptr<Proc> start_server(
    const std::string& path,
    const char* hint = "bind PATH, listen, then print exactly \"ready\\n\" (and flush it)") {
    auto p = std::make_unique<Proc>(student_path("us_server"), std::vector<std::string>{path},
                                    Options{.timeout = 120});
    std::string line = p->read_line(10);
    expect(line == "ready\n", "us_server to print \"ready\" once it listens",
           line.empty() ? p->finished() ? p->wait().describe() : std::string("nothing for 10 s")
                        : show(line),
           hint);
    return p;
}

// Runs every client to completion at once: sends its payload, shuts down its sending side,
// reads the reply until EOF. Fails if no byte moves for STALL seconds.
void run_clients(std::vector<Client>& clients, const char* hint, double stall = 10) {
    for (auto& c : clients) {
        fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
        if (c.payload.empty()) {
            shutdown(c.fd, SHUT_WR);
            c.shut = true;
        }
    }
    double last_progress = now();
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<Client*> who;
        for (auto& c : clients) {
            if (c.done) continue;
            short events = POLLIN;
            if (!c.shut) events |= POLLOUT;
            fds.push_back({c.fd, events, 0});
            who.push_back(&c);
        }
        if (fds.empty()) return;
        int left_ms = static_cast<int>((last_progress + stall - now()) * 1000);
        std::size_t waiting = fds.size();
        expect(left_ms > 0, "every client served while one connection stalls",
               std::to_string(waiting) + " of " + std::to_string(clients.size()) +
                   " clients got no byte for " + std::to_string(static_cast<int>(stall)) + " s",
               hint);
        if (poll(fds.data(), fds.size(), left_ms) <= 0) continue;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            Client& c = *who[i];
            if (fds[i].revents & POLLOUT) {
                ssize_t w =
                    send(c.fd, c.payload.data() + c.sent,
                         std::min<std::size_t>(c.payload.size() - c.sent, 1 << 16), MSG_NOSIGNAL);
                if (w > 0) {
                    c.sent += static_cast<std::size_t>(w);
                    last_progress = now();
                    if (c.sent == c.payload.size()) {
                        shutdown(c.fd, SHUT_WR);
                        c.shut = true;
                    }
                } else if (w < 0 && errno != EAGAIN) {
                    c.shut = true;  // the server hung up early: the reply check says so
                }
            }
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
                char buf[65536];
                ssize_t r = read(c.fd, buf, sizeof buf);
                if (r > 0) {
                    c.reply.append(buf, static_cast<std::size_t>(r));
                    last_progress = now();
                } else if (r == 0 || errno != EAGAIN) {
                    c.done = true;
                    c.shut = true;
                    close(c.fd);
                    c.fd = -1;
                }
            }
        }
    }
}

void expect_replies(const std::vector<Client>& clients, const char* hint) {
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const Client& c = clients[i];
        expect(c.reply == upper(c.payload),
               "client " + std::to_string(i + 1) + " to get its " +
                   std::to_string(c.payload.size()) + " bytes back upper-cased",
               show(c.reply), hint);
    }
}

Client connect_client(const std::string& path, std::string payload) {
    Client c;
    c.fd = connect_unix(path);
    expect(c.fd >= 0, "to connect to us_server", std::string("connect: ") + std::strerror(errno),
           "listen with a backlog and keep accepting");
    c.payload = std::move(payload);
    return c;
}

// A payload with letters on both sides of the ASCII range and every other byte value.
std::string text_and_bytes(std::size_t n) {
    std::string s = random_bytes(n);
    letters_every_third(s);
    return s;
}

void expect_server_serves(const std::string& path, const char* hint) {
    std::vector<Client> one{connect_client(path, text_and_bytes(5000))};
    run_clients(one, hint);
    expect_replies(one, hint);
}

void expect_client_works(
    const std::string& path,
    const char* hint = "us_client must work with a server before its error paths count") {
    std::string in = text_and_bytes(3000);
    expect_output(run_student("us_client", {path}, {.input = in, .timeout = 10}), upper(in), hint);
}

}  // namespace

GRADED("us_server sends each byte back upper-cased", 10, "10.server.echo") {
    auto path = fresh_path("s");
    auto server = start_server(path);
    const char* hint =
        "read until the client shuts down its side (read returns 0), upper-case ASCII letters "
        "only, and write back every byte (loop on short writes)";
    for (std::size_t n : {0, 1, 100, 300000}) {
        std::vector<Client> one{connect_client(path, text_and_bytes(n))};
        run_clients(one, hint);
        expect_replies(one, hint);
    }
    // A client that reads its reply only a few KiB at a time, while the grader stops and
    // continues the server each time it waits in write() for room in the client's socket: that
    // write returns the count so far (a short write).
    std::vector<Client> slow{
        connect_client(path, text_and_bytes((512 << 10) + random_below(4096)))};
    Client& c = slow[0];
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    int round = 0;
    stop_while_writing(*server, [&] {
        if (!c.shut) {
            ssize_t w =
                send(c.fd, c.payload.data() + c.sent, c.payload.size() - c.sent, MSG_NOSIGNAL);
            c.sent += w > 0 ? static_cast<std::size_t>(w) : 0;
            if (c.sent == c.payload.size() || (w < 0 && errno != EAGAIN)) {
                shutdown(c.fd, SHUT_WR);  // all sent, or the server hung up: run_clients says
                c.shut = true;
            }
        }
        char buf[16384];
        ssize_t r = read(c.fd, buf, 4096 + random_below(sizeof buf - 4096));
        if (r > 0) c.reply.append(buf, static_cast<std::size_t>(r));
        ++round;
        return r != 0 && round < 100 && (round <= 20 || !c.shut);
    });
    std::string stopped_hint = short_write_hint("us_server", "the client's socket");
    run_clients(slow, stopped_hint.c_str());
    expect_replies(slow, stopped_hint.c_str());
}

CONCURRENT_GRADED("us_server serves 32 clients at once while one stalls and one vanishes", 15,
                  "10.server.many") {
    auto path = fresh_path("s");
    auto server = start_server(path);
    const char* hint =
        "serve each client in its own process (fork) or multiplex them all with poll: a "
        "connection that sends half a message and waits must not hold up the others";
    // First the troublemakers: one sends half a message and then nothing; one sends a lot,
    // reads one byte of the reply and hangs up while the server is still writing to it.
    int stalled = connect_unix(path);
    expect(stalled >= 0, "to connect", "connect failed", "listen and accept");
    std::string half = text_and_bytes(1000);
    expect(write(stalled, half.data(), 500) == 500, "to send half a message", "write failed", "");
    int vanishing = connect_unix(path);
    expect(vanishing >= 0, "to connect", "connect failed", "listen and accept");
    std::string lots = text_and_bytes(1 << 20);
    // Sent from a child so that the grader can hang up mid-reply whatever the server does.
    pid_t feeder = fork();
    if (feeder == 0) {
        signal(SIGPIPE, SIG_IGN);
        for (std::size_t off = 0; off < lots.size();) {
            ssize_t w = write(vanishing, lots.data() + off, lots.size() - off);
            if (w <= 0) _exit(0);
            off += static_cast<std::size_t>(w);
        }
        _exit(0);
    }
    at_test_end([feeder] { kill(feeder, SIGKILL); });
    pollfd first{vanishing, POLLIN, 0};
    if (poll(&first, 1, 10000) == 1) {
        char b;
        (void)!read(vanishing, &b, 1);
    }
    // Gone in the middle of its reply: the feeder holds a copy of the socket, so it goes too.
    close(vanishing);
    kill(feeder, SIGKILL);
    waitpid(feeder, nullptr, 0);

    const char* sigpipe_hint =
        "ignore SIGPIPE: writing to a client that has gone must be an EPIPE error for that "
        "client, not the end of the server";
    try {
        std::vector<Client> clients;
        for (int i = 0; i < 32; ++i) {
            std::size_t n = i == 0 ? 0 : i < 4 ? random_below(1 << 20) : random_below(1 << 16);
            clients.push_back(connect_client(path, text_and_bytes(n)));
        }
        run_clients(clients, hint);
        expect_replies(clients, hint);
    } catch (const Failure&) {
        // A server that died writing to the vanished client fails the clients first: its
        // death, once the grader sees it (bounded: a live server is not waited for long), is
        // the reason to give.
        for (double give_up = now() + 2; !server->finished() && now() < give_up;)
            pause_for(0.01);
        if (server->finished() && server->wait().signal() == SIGPIPE)
            fail("us_server still running after a client vanished mid-reply",
                 server->wait().describe(), sigpipe_hint);
        throw;
    }
    expect(!server->finished(), "us_server still running after a client vanished mid-reply",
           server->finished() ? server->wait().describe() : "", sigpipe_hint);
    close(stalled);
    expect_server_serves(path, "us_server must still serve new clients");
}

GRADED("us_server reaps its children and sleeps when idle", 10, "10.server.idle C.sleep") {
    auto path = fresh_path("s");
    auto server = start_server(path);
    std::vector<Client> clients;
    for (int i = 0; i < 8; ++i)
        clients.push_back(connect_client(path, text_and_bytes(2000)));
    run_clients(clients, "serve every client");
    expect_replies(clients, "serve every client");
    // Every reply is complete: whatever served those clients is finishing. Wait (bounded) for
    // anything still running, then look for children that ended but were never waited for.
    std::vector<pid_t> kids;
    auto zombie = [](pid_t kid) { return pid_state(kid) == 'Z'; };
    for (double give_up = now() + 10; now() < give_up;) {
        kids = procfs::children(server->pid());
        if (std::all_of(kids.begin(), kids.end(), zombie)) break;
        server->read_line(0.05);  // a bounded pause while the children finish
    }
    std::string zombies;
    for (pid_t kid : kids)
        if (zombie(kid)) zombies += " " + std::to_string(kid);
    expect(zombies.empty(), "no zombie children once the clients are served",
           "zombie children:" + zombies,
           "a child that has exited stays a zombie until it is waited for: reap children "
           "(SIGCHLD set to SIG_IGN, or waitpid(-1, ..., WNOHANG) in a SIGCHLD handler)");
    expect_blocked(*server, "a new client",
                   "wait for clients in accept or poll: an idle server must sleep");
}

GRADED("us_server removes PATH and exits 0 on SIGTERM or SIGINT", 10, "10.server.stop") {
    for (int sig : {SIGTERM, SIGINT}) {
        auto path = fresh_path("s");
        auto server = start_server(path);
        expect_server_serves(path, "serve a client first");
        expect_blocked(*server, "a new client", "an idle server must sleep");
        server->signal(sig);
        auto r = server->wait();
        const char* hint =
            "catch SIGTERM and SIGINT (a handler that sets a flag, with the signal able to "
            "interrupt the wait), then unlink(PATH) and exit 0: the socket file outlives the "
            "socket";
        expect_exit(r, 0, hint);
        expect(!exists(path), "no file at PATH after the server exits", "it is still there", hint);
    }
}

GRADED("us_server replaces a stale socket file but nothing else", 5, "10.server.stale") {
    auto path = fresh_path("s");
    make_stale_socket(path);
    const char* hint =
        "a socket file nobody listens on (connect is ECONNREFUSED) is left by a server that "
        "died: unlink it before bind";
    auto server = start_server(path, hint);
    expect_server_serves(path, hint);
    server->signal(SIGTERM);
    server->wait();
    auto file = fresh_path("f");
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT, 0644);
    (void)!write(fd, "keep", 4);
    close(fd);
    auto r = run_student("us_server", {file}, {.timeout = 5});
    expect_error(r, 1, "only a socket file may be replaced: anything else at PATH is exit 1");
    expect(exists(file), "the regular file at PATH untouched", "it was removed",
           "check with lstat that PATH is a socket before you unlink it");
}

GRADED("us_client sends stdin and prints the reply", 10, "10.client.copy") {
    auto path = fresh_path("s");
    start_upper_server(path);
    for (std::size_t n : {0, 1, 70000, 1 << 20}) {
        std::string in = text_and_bytes(n);
        auto r = run_student("us_client", {path}, {.input = in, .timeout = 10});
        expect_output(r, upper(in),
                      "send all of stdin, then shutdown(SHUT_WR) so that the server sees the "
                      "end, and copy the reply to stdout until read returns 0");
    }
}

GRADED("us_client moves 32 MiB without deadlock", 10, "10.client.large") {
    auto path = fresh_path("s");
    start_upper_server(path);  // it replies as bytes arrive, and stops reading when blocked
    // A client that cannot move 3000 bytes fails here, before 32 MiB are made and compared.
    expect_client_works(path, "us_client must move a small input before a large one");
    LongInput in(32 << 20, letters_every_third);  // made, sent and checked a MiB at a time
    OutputCheck reply(in, upper_ascii);
    auto r = run_student("us_client", {path},
                         {.input_source = in.source(),
                          .timeout = 60,
                          .stdout_sink = reply.sink(),
                          .deadlock_after = 1});
    expect_output(r, reply,
                  "read the reply while you send: a server that answers as data arrives "
                  "stops reading once the socket holds enough unread reply, so a client that "
                  "sends everything first waits forever (use a second process, a thread, or "
                  "poll)");
}

GRADED("us_client reports a missing server and a PATH too long", 5, "10.client.errors C.exit") {
    auto path = fresh_path("s");
    start_upper_server(path);
    expect_client_works(path);
    const char* hint = "check connect's result: no server is exit 1 with a message";
    expect_error(run_student("us_client", {fresh_path("none")}, {.input = "x", .timeout = 5}), 1,
                 hint);
    expect_error(run_student("us_client", {scratch_dir() + "/" + std::string(200, 'p')},
                             {.input = "x", .timeout = 5}),
                 1, "a PATH that does not fit sun_path (108 bytes) is exit 1, never truncated");
}

GRADED("every program takes PATH alone, else usage", 5, "10.args C.usage") {
    {
        auto path = fresh_path("s");
        auto server = start_server(path);
        expect_server_serves(path, "us_server must serve a client before the error paths count");
    }
    auto path = fresh_path("s");
    start_upper_server(path);
    expect_client_works(path);
    auto nowhere = fresh_path("none");
    for (const char* program : {"us_server", "us_client", "fd_send", "fd_recv"}) {
        for (auto args : std::vector<std::vector<std::string>>{{}, {nowhere, "x"}})
            expect_usage(run_student(program, args, {.input = "x", .timeout = 5}),
                         "each program takes exactly PATH: count the arguments first, and "
                         "answer a wrong count with usage and exit 2");
        expect(!exists(nowhere), "nothing made at PATH", "a file there",
               "check the arguments before you bind");
    }
}

GRADED("fd_send passes its standard input descriptor", 10, "10.fd.send") {
    auto path = fresh_path("p");
    int listener = listen_unix(path);
    at_test_end([listener] { close(listener); });
    std::string data = random_bytes(1 + random_below(60000));
    auto r = run_student("fd_send", {path}, {.input = data, .timeout = 10});
    const char* hint =
        "send one data byte with a control message (SOL_SOCKET, SCM_RIGHTS) holding descriptor "
        "0, its standard input; size the buffer with CMSG_SPACE(sizeof(int))";
    expect_exit(r, 0, hint);
    int conn = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    expect(conn >= 0, "fd_send to have connected", "no connection", hint);
    at_test_end([conn] { close(conn); });
    int fd = recv_fd(conn, 5);
    expect(fd >= 0, "a descriptor in the message", "none", hint);
    at_test_end([fd] { close(fd); });
    expect(is_fifo(fd), "the pipe fd_send had as stdin", "another kind of descriptor", hint);
    std::string got;
    char buf[65536];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
        got.append(buf, static_cast<std::size_t>(n));
    expect(got == data, "to read the grader's bytes from it", show(got), hint);
}

GRADED("fd_recv prints what it reads from the passed descriptor", 10, "10.fd.recv") {
    auto path = fresh_path("p");
    Proc recv(student_path("fd_recv"), {path}, {.timeout = 10});
    std::string line = recv.read_line(10);
    expect(line == "ready\n", "fd_recv to print \"ready\"", show(line),
           "bind, listen, then print \"ready\\n\"");
    int sock = connect_unix(path);
    expect(sock >= 0, "to connect to fd_recv", "connect failed", "listen at PATH");
    at_test_end([sock] { close(sock); });
    int p[2];
    expect(pipe2(p, O_CLOEXEC) == 0, "a pipe", "pipe failed", "");
    // Half before the descriptor goes, half after: only the passed pipe can carry the second.
    std::string data = random_bytes(2 + random_below(60000));
    std::size_t half = data.size() / 2;
    (void)!write(p[1], data.data(), half);
    send_fd(sock, p[0]);
    close(p[0]);
    // The second half goes only once the first is read out of the pipe: a read() that returns
    // part of the data, as here, must be followed by more reads.
    for (int queued = 1; !recv.finished() && now() < recv.deadline(); pause_for(0.002))
        if (ioctl(p[1], FIONREAD, &queued) == 0 && queued == 0) break;
    (void)!write(p[1], data.data() + half, data.size() - half);
    close(p[1]);
    const char* hint =
        "recvmsg with a control buffer of CMSG_SPACE(sizeof(int)), take the descriptor from "
        "CMSG_DATA, and copy from it to stdout until read returns 0";
    auto r = recv.wait();
    expect_exit(r, 0, hint);
    expect(r.out.substr(std::min<std::size_t>(6, r.out.size())) == data,
           "\"ready\\n\" then the " + std::to_string(data.size()) + " bytes written into the pipe",
           show(r.out), hint);
}

GRADED("fd_recv removes PATH and closes the passed descriptor", 5, "10.fd.cleanup C.release") {
    auto path = fresh_path("p");
    Options traced{.timeout = 10, .inspect_exit = true};
    Proc recv(student_path("fd_recv"), {path}, traced);
    expect(recv.read_line(10) == "ready\n", "fd_recv to print \"ready\"", "no ready line",
           "print \"ready\\n\" once listening");
    int sock = connect_unix(path);
    at_test_end([sock] {
        if (sock >= 0) close(sock);
    });
    int p[2];
    expect(sock >= 0 && pipe2(p, O_CLOEXEC) == 0, "to connect", "connect failed", "listen at PATH");
    std::string data = random_bytes(1000);
    (void)!write(p[1], data.data(), data.size());
    send_fd(sock, p[0]);
    close(p[0]);
    close(p[1]);
    auto r = recv.wait();
    expect_exit(r, 0, "fd_recv must succeed");
    expect(!exists(path), "no file at PATH once fd_recv is done", "it is still there",
           "unlink(PATH) before exiting: the socket file outlives the socket");
    expect_released(r, "close the received descriptor, the connection and the listening socket");
}
