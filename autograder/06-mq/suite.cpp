// Lab 06-mq: mq_put, mq_get, mq_rm and mq_watch, judged through queues the grader makes, fills
// and empties itself.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

#include "graded.hpp"
#include "mqueue.hpp"

using namespace grade;

namespace {

// A small queue made by the grader: small attributes keep the tests far below RLIMIT_MSGQUEUE.
std::string small_queue(long maxmsg = 4, long msgsize = 64) {
    auto name = fresh_mq_name();
    if (!make_mq(name, maxmsg, msgsize))
        fail("a queue made by the grader", "refused", "not your bug");
    return name;
}

void expect_message(const std::string& name, const std::string& bytes, unsigned prio,
                    std::string_view hint) {
    auto m = mq_take_message(name);
    expect(m && m->bytes == bytes && m->prio == prio,
           "a message of " + show(bytes) + " with priority " + std::to_string(prio),
           m ? "a message of " + show(m->bytes) + " with priority " + std::to_string(m->prio)
             : "an empty queue",
           hint);
}

void expect_empty(const std::string& name, std::string_view why, std::string_view hint) {
    auto info = mq_info(name);
    expect(info && info->curmsgs == 0, std::string(why),
           info ? std::to_string(info->curmsgs) + " messages in the queue" : "no queue", hint);
}

// Error paths count only once the normal path works: one message through mq_put and mq_get.
void expect_put_get_work() {
    auto name = small_queue();
    std::string bytes = random_bytes(1 + random_below(64));
    expect_exit(run_student("mq_put", {name, "1"}, {.input = bytes, .timeout = 5}), 0,
                "mq_put must send a message before its error paths count");
    expect_output(run_student("mq_get", {name}, {.timeout = 5}), bytes,
                  "mq_get must receive a message before its error paths count");
}

// How often the process has gone to sleep so far (/proc/PID/status, readable by anyone).
std::string sleep_mark(pid_t pid) {
    std::ifstream st("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(st, line))
        if (line.rfind("voluntary_ctxt_switches:", 0) == 0) return line;
    return "";
}

// Waits (at most 10 s) until P has exited or sleeps without waking over two
// looks 20 ms apart: a program just starting may sleep briefly (loading), which is not yet the
// wait a test means. Only an observation: nothing fails here, the checks come after.
void wait_settled(Proc& p) {
    for (const double give_up = now() + 10; now() < give_up && !p.finished();) {
        std::string a = p.state() == 'S' ? sleep_mark(p.pid()) : "";
        usleep(20000);
        if (!a.empty() && p.state() == 'S' && sleep_mark(p.pid()) == a) return;
    }
}

// Starts PROGRAM ARGS and checks that it sleeps; returns it still running.
std::unique_ptr<Proc> expect_sleeper(const std::string& program, std::vector<std::string> args,
                                     const std::string& input, std::string_view what,
                                     std::string_view hint) {
    auto p =
        std::make_unique<Proc>(student_path(program), args, Options{.input = input, .timeout = 20});
    wait_settled(*p);
    expect_blocked(*p, what, hint);
    return p;
}

}  // namespace

GRADED("mq_put creates the queue and sends stdin as one message with its priority", 10,
       "06.put.send") {
    auto name = fresh_mq_name();
    const long prio_max = sysconf(_SC_MQ_PRIO_MAX);
    for (std::size_t size :
         {std::size_t{0}, std::size_t{1}, 1 + random_below(8190), std::size_t{8192}}) {
        std::string bytes = random_bytes(size);
        unsigned prio = static_cast<unsigned>(random_below(static_cast<std::uint64_t>(prio_max)));
        expect_exit(run_student("mq_put", {name, std::to_string(prio)}, {.input = bytes}), 0,
                    "mq_put must succeed; it creates a missing queue (O_CREAT)");
        auto info = mq_info(name);
        expect(info && info->maxmsg == 10 && info->msgsize == 8192 && info->mode == 0600,
               "a queue of 10 messages of 8192 bytes, mode 600",
               info ? "a queue of " + std::to_string(info->maxmsg) + " messages of " +
                          std::to_string(info->msgsize) + " bytes, mode " + octal(info->mode)
                    : "no queue",
               "pass mode 0600 and an mq_attr with mq_maxmsg 10 and mq_msgsize 8192 to mq_open");
        expect_message(name, bytes, prio,
                       "send all of stdin as one message, every byte of it (binary: use its "
                       "size, not strlen), with the priority PRIO");
    }
}

GRADED("mq_put refuses a message larger than the queue allows", 5, "06.put.large") {
    const long limit = 32 + static_cast<long>(random_below(200));
    auto name = small_queue(2, limit);
    std::string fits = random_bytes(static_cast<std::size_t>(limit));
    expect_exit(run_student("mq_put", {name, "3"}, {.input = fits}), 0,
                "a message of exactly the queue's message size fits");
    expect_message(name, fits, 3, "a message of exactly mq_msgsize bytes must be sent whole");
    auto r = run_student("mq_put", {name, "3"},
                         {.input = random_bytes(static_cast<std::size_t>(limit) + 1)});
    const char* hint =
        "compare the message's size with the queue's mq_msgsize (mq_getattr) and say what the "
        "limit is: mq_send alone only says EMSGSIZE";
    expect_error(r, 1, hint);
    expect(r.err.find(std::to_string(limit)) != std::string::npos,
           "a message naming the limit, " + std::to_string(limit) + " bytes",
           "stderr " + show(r.err), hint);
    expect_empty(name, "nothing sent", hint);
}

GRADED("mq_get returns the highest priority first, FIFO within a priority, byte-exact", 10,
       "06.get.order") {
    auto name = small_queue(10, 256);
    struct Sent {
        unsigned prio;
        std::size_t order;
        std::string bytes;
    };
    std::vector<Sent> sent;
    const unsigned prios[3] = {static_cast<unsigned>(random_below(100)),
                               static_cast<unsigned>(100 + random_below(100)),
                               static_cast<unsigned>(200 + random_below(32000))};
    for (std::size_t i = 0; i < 10; ++i) {
        std::size_t size = i == 3 ? 0 : i == 6 ? 256 : random_below(257);
        sent.push_back({prios[random_below(3)], i, random_bytes(size)});
        mq_put_message(name, sent.back().bytes, sent.back().prio);
    }
    std::stable_sort(sent.begin(), sent.end(),
                     [](const Sent& a, const Sent& b) { return a.prio > b.prio; });
    for (const auto& s : sent) {
        expect_output(run_student("mq_get", {"-p", name}), std::to_string(s.prio) + " " + s.bytes,
                      "with -p write the priority and one space, then exactly the message's "
                      "bytes: binary data, NUL bytes included (write(2) with the length "
                      "mq_receive returned, not printf(\"%s\"))");
    }
    expect_empty(name, "the queue emptied by 10 mq_get runs",
                 "receive exactly one message per run");
}

GRADED("mq_get works for any message size", 10, "06.get.size") {
    // 65536 needs privileges above /proc/sys/fs/mqueue/msgsize_max; fall back to that limit.
    for (long size : {64L, 65536L}) {
        auto name = fresh_mq_name();
        if (!make_mq(name, 2, size)) {
            size = mq_msgsize_max();
            if (!make_mq(name, 2, size))
                fail("a queue made by the grader", "refused", "not your bug");
        }
        std::string bytes = random_bytes(static_cast<std::size_t>(size));
        mq_put_message(name, bytes, 1);
        expect_output(run_student("mq_get", {name}), bytes,
                      "mq_receive fails (EMSGSIZE) when the buffer is smaller than the queue's "
                      "mq_msgsize: size the buffer from mq_getattr, not with a constant");
    }
}

GRADED("mq_put sleeps on a full queue until a message is taken", 10, "06.put.full C.sleep") {
    auto name = small_queue(2, 64);
    std::string a = random_bytes(10), b = random_bytes(20);
    mq_put_message(name, a, 5);
    mq_put_message(name, b, 5);
    const char* hint =
        "without -n, open the queue without O_NONBLOCK: mq_send then sleeps while "
        "the queue is full";
    // An empty stdin (an empty message): the program's only wait can then be mq_send's.
    auto p = expect_sleeper("mq_put", {name, "5"}, "", "room in the full queue", hint);
    expect_message(name, a, 5, "the grader takes the oldest message");
    expect_exit(p->wait(), 0, hint);
    expect_message(name, b, 5, "the message that was there stays");
    expect_message(name, "", 5, "once there is room, mq_put must send its (empty) message");
}

GRADED("mq_get sleeps on an empty queue until a message arrives", 5, "06.get.empty C.sleep") {
    auto name = small_queue(2, 64);
    const char* hint =
        "without -n or -t, open the queue without O_NONBLOCK: mq_receive then "
        "sleeps while the queue is empty";
    auto p = expect_sleeper("mq_get", {name}, "", "a message in the empty queue", hint);
    std::string bytes = random_bytes(40);
    mq_put_message(name, bytes, 2);
    expect_output(p->wait(), bytes, hint);
}

GRADED("-n on a full or empty queue is exit 3 at once", 10, "06.put.full 06.get.empty") {
    auto name = small_queue(2, 64);
    std::string a = random_bytes(8), b = random_bytes(9);
    expect_exit(run_student("mq_put", {"-n", name, "1"}, {.input = a, .timeout = 5}), 0,
                "mq_put -n must send to a queue with room");
    mq_put_message(name, b, 1);
    const char* hint =
        "with -n, open the queue with O_NONBLOCK: mq_send and mq_receive then fail "
        "with EAGAIN instead of waiting, and EAGAIN is exit 3, not success";
    auto r = run_student("mq_put", {"-n", name, "1"}, {.input = random_bytes(7), .timeout = 5});
    expect_exit(r, 3, hint);
    expect(r.out.empty(), "nothing on stdout", "stdout " + show(r.out), hint);
    expect_output(run_student("mq_get", {"-n", name}, {.timeout = 5}), a,
                  "mq_get -n must receive from a queue that holds messages");
    expect_message(name, b, 1, "the full queue must stay as it was");
    r = run_student("mq_get", {"-n", name}, {.timeout = 5});
    expect_exit(r, 3, hint);
    expect(r.out.empty(), "nothing on stdout", "stdout " + show(r.out), hint);
}

GRADED("mq_get -t waits about SECONDS, then exits 3", 5, "06.get.timeout") {
    auto name = small_queue(2, 64);
    std::string bytes = random_bytes(33);
    mq_put_message(name, bytes, 4);
    expect_output(run_student("mq_get", {"-t", "1", name}, {.timeout = 10}), bytes,
                  "mq_get -t must receive a message that is there");
    const char* hint =
        "mq_timedreceive wants an absolute CLOCK_REALTIME deadline: now "
        "(clock_gettime) plus SECONDS, fractions included, with tv_nsec kept "
        "below 10^9; ETIMEDOUT is exit 3";
    for (auto [arg, secs] :
         std::vector<std::pair<std::string, double>>{{"1", 1.0}, {"0.5", 0.5}, {"0", 0.0}}) {
        auto r = run_student("mq_get", {"-t", arg, name}, {.timeout = 10});
        expect_exit(r, 3, hint);
        expect(r.seconds >= secs * 0.9 && r.seconds < secs + 4, "exit 3 after about " + arg + " s",
               "exit 3 after " + std::to_string(r.seconds) + " s", hint);
    }
}

GRADED("mq_rm removes the queue; a missing one is exit 1", 5, "06.rm") {
    auto name = small_queue();
    mq_put_message(name, "x", 0);
    expect_exit(run_student("mq_rm", {name}), 0, "mq_rm must succeed on an existing queue");
    expect(!mq_info(name), "the queue gone", "it is still there",
           "mq_unlink(NAME) removes a queue; mq_close only closes your descriptor");
    expect_error(run_student("mq_rm", {name}), 1,
                 "check what mq_unlink returns: -1 (ENOENT) is exit 1 with a message");
}

GRADED("bad arguments are exit 2, a name without / is exit 1", 5, "06.args C.usage C.names") {
    expect_put_get_work();
    auto name = small_queue();
    const std::string too_high = std::to_string(sysconf(_SC_MQ_PRIO_MAX));
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"mq_put", {}},
             {"mq_put", {name}},
             {"mq_put", {name, "-1"}},
             {"mq_put", {name, "abc"}},
             {"mq_put", {name, too_high}},
             {"mq_put", {"-x", name, "1"}},
             {"mq_get", {}},
             {"mq_get", {"-n", "-t", "1", name}},
             {"mq_get", {"-t", "abc", name}},
             {"mq_get", {"-t", "-1", name}},
             {"mq_get", {"-q", name}},
             {"mq_get", {name, name}},
             {"mq_rm", {}},
             {"mq_watch", {name}},
             {"mq_watch", {name, "0"}}}) {
        expect_usage(run_student(program, args, {.input = "x", .timeout = 5}),
                     "check the arguments before opening anything: PRIO runs from 0 to "
                     "sysconf(_SC_MQ_PRIO_MAX) - 1, SECONDS is a decimal, -n and -t exclude "
                     "each other; a usage error is exit 2 with \"usage: ...\"");
    }
    expect_empty(name, "nothing sent by a usage error", "check the arguments before sending");
    std::string bare = name.substr(1);
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"mq_put", {bare, "1"}}, {"mq_get", {"-n", bare}}, {"mq_rm", {bare}}}) {
        expect_error(run_student(program, args, {.input = "x", .timeout = 5}), 1,
                     "a queue name must start with /: mq_open fails with EINVAL, which is exit 1 "
                     "with a message");
    }
}

GRADED("mq_put, mq_get and mq_watch close their queues", 5, "06.close C.release") {
    // A queue descriptor left open at exit is closed by the kernel, but it shows a program that
    // loses track of what it opens, and each open queue counts against RLIMIT_MSGQUEUE.
    const char* hint =
        "mq_close every queue you mq_open before exiting, on every path (an RAII type such as "
        "ipclab::Mq does it, unless std::exit skips its destructor)";
    auto name = small_queue();
    std::string a = random_word(1 + random_below(20)), b = random_word(1 + random_below(20));
    for (const auto& bytes : {a, b}) {
        auto r = run_student("mq_put", {name, "1"}, {.input = bytes, .inspect_exit = true});
        expect_exit(r, 0, hint);
        expect_released(r, hint);
    }
    auto r = run_student("mq_get", {name}, {.inspect_exit = true});
    expect_output(r, a, hint);
    expect_released(r, hint);
    r = run_student("mq_watch", {name, "1"}, {.inspect_exit = true});
    expect_output(r, b + "\n", hint);
    expect_released(r, hint);
}

CONCURRENT_GRADED("4 producers and 4 consumers deliver every message exactly once", 5, "06.many") {
    // Each producer and each consumer is a stream of mq_put or mq_get runs, four of each kind
    // running at any time; the consumers start first, on an empty queue, and must wait. Each
    // message is told apart by its priority (its bytes are empty: no stdin to feed).
    auto name = small_queue(3, 64);
    // One process per message, so kept small; under the perturber the rounds share them. A
    // round's 12 still fill the queue of 3 and empty it again; a consumer that does not wait
    // on an empty queue fails at the start, before any producer runs.
    constexpr int kKinds = 4;
    const int kTotal = static_cast<int>(per_round(4 * 9));
    const char* hint =
        "mq_put and mq_get must block (not fail) on a full or empty queue, and "
        "each mq_get takes exactly one whole message";
    std::map<std::string, int> received;
    std::vector<std::unique_ptr<Proc>> consumers, producers;
    int started_gets = 0, started_puts = 0, done_gets = 0;
    auto start = [&](bool put) {
        std::vector<std::string> args =
            put ? std::vector<std::string>{name, std::to_string(started_puts++)}
                : std::vector<std::string>{"-p", name};
        started_gets += put ? 0 : 1;
        return std::make_unique<Proc>(student_path(put ? "mq_put" : "mq_get"), args,
                                      Options{.timeout = 30});
    };
    for (int i = 0; i < kKinds; ++i)
        consumers.push_back(start(false));
    for (auto& c : consumers) {
        wait_settled(*c);
        if (c->finished())  // (wait() only once it has exited: it waits for the exit)
            fail("a consumer waiting on the empty queue", "it exited: " + c->wait().describe(),
                 hint);
    }
    for (int i = 0; i < kKinds; ++i)
        producers.push_back(start(true));
    // Every run has its own deadline; the grader sleeps until one of them ends (or passes it).
    while (done_gets < kTotal) {
        std::vector<Proc*> live;
        for (auto* group : {&producers, &consumers})
            for (auto& p : *group)
                if (p) live.push_back(p.get());
        Proc* ended = live[wait_any(live)];
        for (auto& p : producers)
            if (p.get() == ended) {
                expect_exit(p->wait(), 0, hint);
                p = started_puts < kTotal ? start(true) : nullptr;
            }
        for (auto& c : consumers)
            if (c.get() == ended) {
                Result r = c->wait();
                expect_exit(r, 0, hint);
                ++received[r.out];
                ++done_gets;
                c = started_gets < kTotal ? start(false) : nullptr;
            }
    }
    for (int i = 0; i < kTotal; ++i) {
        std::string msg = std::to_string(i) + " ";
        expect(received[msg] == 1,
               "the message of priority " + std::to_string(i) + " received once",
               "received " + std::to_string(received[msg]) + " times", hint);
    }
}

GRADED("mq_watch prints the queued messages, then later bursts, in order", 15, "06.watch.print") {
    auto name = small_queue(10, 128);
    std::vector<std::string> before, burst1, burst2;
    for (int i = 0; i < 3; ++i)
        before.push_back(random_word(1 + random_below(40)));
    for (int i = 0; i < 4; ++i)
        burst1.push_back(random_word(1 + random_below(40)));
    for (int i = 0; i < 3; ++i)
        burst2.push_back(i == 1 ? "" : random_word(1 + random_below(40)));
    for (const auto& m : before)
        mq_put_message(name, m, 0);
    Proc watch(student_path("mq_watch"), {name, "10"}, {.timeout = 30});
    const char* renew = "a registration fires only once: call mq_notify again before each drain";
    auto expect_lines = [&](const std::vector<std::string>& msgs, const char* hint) {
        for (const auto& m : msgs) {
            std::string line = watch.read_line(5);
            if (line.empty()) {
                // Stuck with messages queued: the queue itself says whether anyone is still
                // registered, which tells a missing renewal from an incomplete drain.
                auto info = mq_info(name);
                if (info && info->curmsgs > 0 && !info->notify_registered) hint = renew;
            }
            expect(line == m + "\n", "the line " + show(m + "\n"),
                   line.empty() ? "nothing within 5 s" : "the line " + show(line), hint);
        }
    };
    expect_lines(before,
                 "messages already queued raise no notification: drain the queue once at the "
                 "start (non-blocking receives until EAGAIN), after registering");
    expect_blocked(watch, "the next burst", "wait in sigwaitinfo for the notification");
    for (const auto& m : burst1)
        mq_put_message(name, m, 0);
    expect_lines(burst1,
                 "one notification may stand for many messages: drain the queue completely "
                 "(until EAGAIN) every time");
    expect_blocked(watch, "the second burst", "wait in sigwaitinfo for the notification");
    for (const auto& m : burst2)
        mq_put_message(name, m, 0);
    expect_lines(burst2, renew);
    expect_exit(watch.wait(), 0, "mq_watch exits 0 after COUNT messages");
    expect(mq_info(name).has_value(), "the queue still there", "it is gone",
           "mq_watch only reads: it must not remove the queue");
}

GRADED("mq_watch sleeps while it waits", 5, "06.watch.sleep C.sleep") {
    auto name = small_queue(4, 64);
    Proc watch(student_path("mq_watch"), {name, "2"}, {.timeout = 30});
    wait_settled(watch);
    const char* hint = "wait with mq_notify and sigwaitinfo, never by calling mq_receive in a loop";
    for (int i = 0; i < 2; ++i) {
        expect_blocked(watch, "a message", hint, i == 0 ? 1.0 : 0.3);
        std::string m = random_word(12);
        mq_put_message(name, m, 0);
        std::string line = watch.read_line(5);
        expect(line == m + "\n", "the line " + show(m + "\n"),
               line.empty() ? "nothing within 5 s" : "the line " + show(line), hint);
    }
    expect_exit(watch.wait(), 0, "mq_watch exits 0 after COUNT messages");
    expect_error(run_student("mq_watch", {fresh_mq_name(), "1"}, {.timeout = 5}), 1,
                 "a missing queue is exit 1 with a message");
}
