// Lab 09-sysv: System V message queues (svmsg_*), and a segment guarded by a semaphore set
// (svshm_*), judged through the grader's own msgsnd/msgrcv and /proc/sysvipc.
#include "graded.hpp"
#include "sysv.hpp"

using namespace grade;

namespace {

// svshm_recv's output, in the file OUT, is exactly PAYLOAD (read and compared a MiB at a time).
void expect_received(const std::string& out, const LongInput& payload, const char* hint) {
    OutputCheck got(payload);
    feed_file(out, got.sink());
    expect(got.difference().empty(),
           "svshm_recv to print the " + std::to_string(payload.size()) + " bytes sent",
           "stdout of " + got.difference(), hint);
}

long random_type() {
    return 1 + static_cast<long>(random_below(1000000));
}

// msgrcv's choice among QUEUE (oldest first) for TYPE; -1 when nothing matches.
int chosen(const std::vector<Message>& queue, long type) {
    int best = -1;
    for (int i = 0; i < static_cast<int>(queue.size()); ++i) {
        long t = queue[i].type;
        if (type == 0) return i;
        if (type > 0 && t == type) return i;
        if (type < 0 && t <= -type && (best < 0 || t < queue[best].type)) best = i;
    }
    return best;
}

// Error paths count only for programs that also do their job.
void expect_recv_works() {
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);
    std::string bytes = random_bytes(500);
    put_message(q, 7, bytes);
    expect_output(run_student("svmsg_recv", {kf.path}), bytes,
                  "svmsg_recv must receive a waiting message before its error paths count");
}

// svshm_init, then svshm_recv started first (it must sleep), then svshm_send: the receiver's
// output (in a file, so that nobody waits for the grader) must be exactly PAYLOAD.
void expect_transfer_recv_first(const KeyFile& kf, const LongInput& payload, const char* hint,
                                bool check_sleep = true) {
    expect_exit(run_student("svshm_init", {kf.path}), 0,
                "svshm_init must succeed on a new KEYFILE");
    auto out = fresh_path("out");
    // Seconds enough for a slow, loaded machine; a deadlock shows up within them.
    const double timeout = 10 + static_cast<double>(payload.size() >> 20);
    Proc recv(student_path("svshm_recv"), {kf.path}, {.timeout = timeout, .stdout_file = out});
    if (check_sleep) expect_blocked(recv, "the first block (svshm_send has not started)", hint);
    auto s = run_student("svshm_send", {kf.path},
                         {.input_source = payload.source(), .timeout = timeout});
    expect_exit(s, 0, hint);
    expect_exit(recv.wait(), 0, hint);
    expect_received(out, payload, hint);
}

}  // namespace

GRADED("svmsg_send sends stdin as one message of type TYPE", 10, "09.send") {
    auto kf = fresh_keyfile();
    const std::size_t limit = msg_limit();
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, 1 + random_below(limit - 1), limit}) {
        long type = random_type();
        std::string bytes = random_bytes(n);
        auto r = run_student("svmsg_send", {kf.path, std::to_string(type)}, {.input = bytes});
        const char* hint =
            "send a buffer that starts with the long mtype followed by the bytes of stdin; "
            "msgsz counts the text only, not the mtype";
        expect_exit(r, 0, hint);
        auto e = sysv_entry("msg", kf.queue_key);
        expect(e.has_value(), "a queue for ftok(KEYFILE, 'm')", "none",
               "get or create the queue with msgget(ftok(KEYFILE, 'm'), IPC_CREAT | 0600)");
        expect(e->perms == 0600, "mode 600", "mode " + octal(e->perms), "create it with mode 0600");
        int q = grader_queue(kf.queue_key);
        expect(queue_length(q) == 1, "exactly one message in the queue",
               std::to_string(queue_length(q)) + " messages", "send all of stdin as ONE message");
        auto m = take_message(q, 0);
        expect(m && m->type == type, "a message of type " + std::to_string(type),
               "type " + std::to_string(m ? m->type : 0), "put TYPE in the mtype field");
        expect(m->bytes == bytes, "the message to hold stdin: " + show(bytes), show(m->bytes),
               hint);
    }
}

GRADED("svmsg_send refuses a message larger than the queue accepts", 5, "09.send.large") {
    auto kf = fresh_keyfile();
    const std::size_t limit = msg_limit();
    std::string fits = random_bytes(limit);
    expect_exit(run_student("svmsg_send", {kf.path, "1"}, {.input = fits}), 0,
                "a message of exactly the limit must be sent");
    int q = grader_queue(kf.queue_key);
    auto m = take_message(q, 0);
    expect(m && m->bytes == fits, "the message to hold stdin", m ? show(m->bytes) : "none",
           "send all of stdin");
    auto r = run_student("svmsg_send", {kf.path, "1"}, {.input = random_bytes(limit + 1)});
    const char* hint =
        "a message larger than min(msgmax, msg_qbytes) can never be sent: report it (exit 1, "
        "naming the limit) instead of truncating it or waiting";
    expect_error(r, 1, hint);
    expect(queue_length(q) == 0, "nothing sent", std::to_string(queue_length(q)) + " messages",
           hint);
}

GRADED("svmsg_send waits on a full queue, and -n makes that exit 3", 5, "09.send.full") {
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);
    const std::size_t limit = msg_limit();
    // Fill the queue to its byte budget, so that not even a 1-byte message fits.
    std::vector<std::string> filler;
    for (std::size_t used = 0; used < 16384;) {
        std::size_t n = std::min(limit, 16384 - used);
        filler.push_back(random_bytes(n));
        put_message(q, 1, filler.back());
        used += n;
    }
    std::string bytes = random_bytes(1 + random_below(100));
    long type = 2 + static_cast<long>(random_below(1000));
    auto r = run_student("svmsg_send", {"-n", kf.path, std::to_string(type)},
                         {.input = bytes, .timeout = 5});
    expect(r.exit_code() == 3, "exit 3 at once: the queue is full", r.describe(),
           "with -n pass IPC_NOWAIT to msgsnd and turn EAGAIN into exit 3");
    expect(queue_length(q) == filler.size(), "the queue unchanged",
           std::to_string(queue_length(q)) + " messages", "with -n nothing may be sent");

    Proc p(student_path("svmsg_send"), {kf.path, std::to_string(type)}, {.input = bytes});
    p.read_line(0.2);  // lets the grader feed stdin; the program must then sleep in msgsnd
    expect_blocked(p, "room in the full queue",
                   "without -n msgsnd must block (no IPC_NOWAIT) until the message fits");
    expect(take_message(q, 1).has_value(), "a filler message to take", "none", "");
    auto done = p.wait();
    expect_exit(done, 0, "once there is room, the blocked msgsnd completes: exit 0");
    auto m = take_message(q, type);
    expect(m && m->bytes == bytes, "the message sent once there was room",
           m ? show(m->bytes) : "none", "send stdin as one message");
}

GRADED("svmsg_recv chooses the message msgrcv would for TYPE", 15, "09.recv.choose") {
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);
    const std::size_t limit = msg_limit();
    const char* hint =
        "pass TYPE to msgrcv as it is (0, positive or negative: the kernel chooses), with a "
        "buffer as large as msgmax and without MSG_NOERROR, and write exactly the bytes "
        "msgrcv returned; parse options with getopt(\"+n\") so that a negative TYPE after KEYFILE "
        "is not an option";
    // Two rounds that fit the queue's 16384-byte budget; the second holds a message of the limit.
    std::vector<std::vector<std::size_t>> rounds = {
        {0, 1, 1000 + random_below(3000), 1024, 1025, 200, 4000 + random_below(96), 17},
        {limit, 3, 0, 5000}};
    std::vector<long> queries = {0, 3, -2, 2, -4, 1, -1, 4, 0, -3, 0, 0, 0, 0, 0};
    for (const auto& sizes : rounds) {
        std::vector<Message> model;
        for (std::size_t n : sizes) {
            model.push_back({1 + static_cast<long>(random_below(4)), random_bytes(n)});
            put_message(q, model.back().type, model.back().bytes);
        }
        for (long type : queries) {
            int i = chosen(model, type);
            if (i < 0) continue;  // nothing matches: msgrcv would wait
            auto r = run_student("svmsg_recv", {kf.path, std::to_string(type)}, {.timeout = 5});
            expect_output(r, model[i].bytes, hint);
            model.erase(model.begin() + i);
        }
    }
    expect(queue_length(q) == 0, "an empty queue after receiving every message",
           std::to_string(queue_length(q)) + " left", "receive exactly one message per run");
}

GRADED("svmsg_recv sleeps until a matching message arrives", 10, "09.recv.wait C.sleep") {
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);
    long type = 2 + static_cast<long>(random_below(1000));
    Proc p(student_path("svmsg_recv"), {kf.path, std::to_string(type)});
    const char* hint = "without -n call msgrcv without IPC_NOWAIT: it sleeps until a message comes";
    expect_blocked(p, "a message on the empty queue", hint);
    put_message(q, 1, "other");
    expect_blocked(p, "a message of type " + std::to_string(type) + " (only type 1 is there)",
                   "pass TYPE to msgrcv: a message of another type must not wake you for good");
    std::string bytes = random_bytes(1 + random_below(4000));
    put_message(q, type, bytes);
    expect_output(p.wait(), bytes, hint);
    expect(queue_length(q) == 1, "the type-1 message still queued", "it is gone",
           "take exactly the message TYPE selects");
}

GRADED("svmsg_recv -n exits 3 at once when nothing matches", 5, "09.recv.nowait") {
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);
    std::string bytes = random_bytes(300);
    put_message(q, 5, bytes);
    expect_output(run_student("svmsg_recv", {"-n", kf.path}, {.timeout = 5}), bytes,
                  "with -n a waiting message is received as usual");
    const char* hint = "with -n pass IPC_NOWAIT to msgrcv and turn ENOMSG into exit 3";
    auto r = run_student("svmsg_recv", {"-n", kf.path}, {.timeout = 5});
    expect(r.exit_code() == 3 && r.out.empty(), "exit 3 on an empty queue", r.describe(), hint);
    put_message(q, 1, "x");
    r = run_student("svmsg_recv", {"-n", kf.path, "9"}, {.timeout = 5});
    expect(r.exit_code() == 3 && r.out.empty(), "exit 3 with no message of type 9", r.describe(),
           hint);
    expect(queue_length(q) == 1, "the type-1 message still queued", "it is gone",
           "take only a message TYPE selects");
}

GRADED("svmsg_rm removes the queue", 5, "09.rm") {
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);
    put_message(q, 1, random_bytes(10));
    expect_exit(run_student("svmsg_rm", {kf.path}), 0,
                "find the queue with msgget(ftok(KEYFILE, 'm'), 0) and remove it");
    expect(!sysv_entry("msg", kf.queue_key), "no queue in /proc/sysvipc/msg", "it is still there",
           "a System V queue outlives every process: msgctl(id, IPC_RMID, NULL) removes it");
}

GRADED("svmsg programs report a missing queue and bad arguments", 5, "09.errors C.usage") {
    expect_recv_works();
    auto kf = fresh_keyfile();
    const char* hint = "without IPC_CREAT msgget fails with ENOENT: report it, exit 1";
    for (auto args : std::vector<std::vector<std::string>>{{"-n", kf.path}, {kf.path, "3"}}) {
        expect_error(run_student("svmsg_recv", args, {.timeout = 5}), 1, hint);
        expect(!sysv_entry("msg", kf.queue_key), "no queue created", "svmsg_recv created one",
               "only svmsg_send creates the queue");
    }
    expect_error(run_student("svmsg_rm", {kf.path}), 1, hint);
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"svmsg_send", {kf.path, "0"}},
             {"svmsg_send", {kf.path, "-1"}},
             {"svmsg_send", {kf.path, "1x"}},
             {"svmsg_send", {kf.path}},
             {"svmsg_send", {"-x", kf.path, "1"}},
             {"svmsg_recv", {}},
             {"svmsg_recv", {kf.path, "abc"}},
             {"svmsg_recv", {kf.path, "1", "2"}},
             {"svmsg_rm", {}}}) {
        expect_usage(run_student(program, args, {.input = "x", .timeout = 5}),
                     "TYPE must be a decimal (positive for svmsg_send); check the arguments "
                     "before touching the queue: exit 2 with \"usage: ...\"");
    }
}

GRADED("svshm programs and svmsg_rm take KEYFILE alone, else usage", 5, "09.args C.usage") {
    expect_transfer_recv_first(fresh_keyfile(), LongInput(1000),
                               "the transfer must work before the error paths count", false);
    auto kf = fresh_keyfile();
    int q = grader_queue(kf.queue_key);  // for svmsg_rm to leave alone
    put_message(q, 1, "x");
    for (const char* program : {"svshm_init", "svshm_send", "svshm_recv", "svmsg_rm"})
        for (auto args : std::vector<std::vector<std::string>>{{}, {kf.path, "x"}})
            expect_usage(run_student(program, args, {.input = "abc", .timeout = 5}),
                         "these programs take exactly KEYFILE: count the arguments before "
                         "anything else, and answer a wrong count with usage and exit 2");
    expect(!sysv_entry("shm", kf.segment_key) && !sysv_entry("sem", kf.segment_key),
           "no segment or set made", "one of them exists",
           "check the arguments before creating anything");
    expect(queue_length(q) == 1, "the queue and its message untouched", "they are gone",
           "check the arguments before removing anything");
}

GRADED("svshm_init creates the segment and a set of two semaphores, exclusively", 5, "09.init") {
    auto kf = fresh_keyfile();
    expect_exit(run_student("svshm_init", {kf.path}), 0,
                "svshm_init must succeed on a new KEYFILE");
    auto shm = sysv_entry("shm", kf.segment_key);
    expect(shm && shm->size == 65544 && shm->perms == 0600,
           "a segment of 65544 bytes (8 + 65536), mode 600",
           shm ? std::to_string(shm->size) + " bytes, mode " + octal(shm->perms) : "none",
           "shmget(ftok(KEYFILE, 's'), 8 + 65536, IPC_CREAT | IPC_EXCL | 0600)");
    auto sem = sysv_entry("sem", kf.segment_key);
    expect(sem && sem->size == 2 && sem->perms == 0600, "a set of 2 semaphores, mode 600",
           sem ? std::to_string(sem->size) + " semaphores, mode " + octal(sem->perms) : "none",
           "semget(ftok(KEYFILE, 's'), 2, IPC_CREAT | IPC_EXCL | 0600)");
    expect_error(run_student("svshm_init", {kf.path}), 1,
                 "creation must be exclusive (IPC_EXCL): a second svshm_init would reset the "
                 "semaphores under a running transfer");
}

CONCURRENT_GRADED("svshm_recv started first sleeps, then receives every byte", 15, "09.transfer") {
    // Under the perturber each round moves its share of the largest payload. Whether the
    // receiver sleeps does not depend on the size: watching it twice is enough.
    const std::vector<std::size_t> sizes = {0, 1, 65535, 65536, 65537, per_round(8 << 20)};
    for (std::size_t n : sizes) {
        auto kf = fresh_keyfile();
        expect_transfer_recv_first(
            kf, LongInput(n),
            "initialise the semaphores with SETALL (writer's = 1, reader's = 0); the receiver "
            "waits on its semaphore before it reads a block, and posts the writer's after it",
            n == sizes.front() || n == sizes.back());
    }
}

CONCURRENT_GRADED("svshm_send started first sleeps, then sends every byte", 10, "09.transfer") {
    for (std::size_t n : {std::size_t{1}, std::size_t{65537}, per_round(4 << 20)}) {
        auto kf = fresh_keyfile();
        expect_exit(run_student("svshm_init", {kf.path}), 0, "svshm_init must succeed");
        LongInput payload(n);
        Proc send(student_path("svshm_send"), {kf.path},
                  {.input_source = payload.source(), .timeout = 30});
        const char* hint =
            "the sender waits on its semaphore (semop) before it writes each block, the end "
            "mark included: the receiver may not have read the previous one yet";
        // Feed the sender until it sleeps in semop: nobody reads its blocks yet.
        for (double give_up = now() + 10; sem_waiters(kf.segment_key) == 0 && now() < give_up;) {
            send.read_line(0.05);
            if (send.finished()) break;
        }
        expect(!send.finished() && sem_waiters(kf.segment_key) > 0,
               "svshm_send waiting in semop for the receiver",
               send.finished() ? send.wait().describe() : std::string("no process in semop"), hint);
        expect_blocked(send, "the receiver to take a block", hint);
        auto out = fresh_path("out");
        Proc recv(student_path("svshm_recv"), {kf.path}, {.timeout = 30, .stdout_file = out});
        expect_exit(send.wait(), 0, hint);
        expect_exit(recv.wait(), 0, hint);
        expect_received(out, payload, hint);
    }
}

GRADED("svshm_recv removes the segment and the set at the end", 5, "09.transfer.remove") {
    auto kf = fresh_keyfile();
    expect_transfer_recv_first(kf, LongInput(70000), "the transfer must work");
    const char* hint =
        "System V objects outlive the processes: after the end mark, svshm_recv removes the "
        "segment (shmctl IPC_RMID) and the set (semctl IPC_RMID)";
    expect(!sysv_entry("shm", kf.segment_key), "no segment in /proc/sysvipc/shm", "still there",
           hint);
    expect(!sysv_entry("sem", kf.segment_key), "no set in /proc/sysvipc/sem", "still there", hint);
}

GRADED("svshm_send and svshm_recv without svshm_init exit 1", 5, "09.init.needed") {
    auto ok = fresh_keyfile();
    expect_transfer_recv_first(ok, LongInput(1000), "the transfer must work first");
    auto kf = fresh_keyfile();
    const char* hint =
        "only svshm_init creates the objects: get them without IPC_CREAT and report ENOENT";
    for (const char* program : {"svshm_send", "svshm_recv"}) {
        expect_error(run_student(program, {kf.path}, {.input = "abc", .timeout = 5}), 1, hint);
        expect(!sysv_entry("shm", kf.segment_key) && !sysv_entry("sem", kf.segment_key),
               "no segment or set created", std::string(program) + " created one", hint);
    }
}
