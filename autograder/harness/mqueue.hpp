// Grader-side access to POSIX message queues: fresh names removed at the end of the test, queues
// made with chosen (small) attributes, and direct sends and receives to prepare and check what
// student programs do. Queues count against RLIMIT_MSGQUEUE: keep them small and few.
#pragma once

#include <optional>
#include <string>

namespace grade {

// A queue name no other run uses; the queue, if any, is removed at the end of the test.
std::string fresh_mq_name();

struct MqInfo {
    long maxmsg, msgsize, curmsgs;
    unsigned mode;           // permission bits
    bool notify_registered;  // some process holds an mq_notify registration on the queue
};
std::optional<MqInfo> mq_info(const std::string& name);  // nullopt when NAME does not exist

// Creates NAME (exclusively, mode 0600) holding up to MAXMSG messages of MSGSIZE bytes.
// Returns false when the system refuses those attributes (EINVAL/EPERM: above the limits in
// /proc/sys/fs/mqueue for an unprivileged user); throws on any other failure.
bool make_mq(const std::string& name, long maxmsg, long msgsize);

// The largest message size an unprivileged process may ask for (/proc/sys/fs/mqueue/msgsize_max).
long mq_msgsize_max();

struct MqMessage {
    std::string bytes;
    unsigned prio = 0;
};
// Sends without blocking; throws if the message cannot be queued.
void mq_put_message(const std::string& name, const std::string& bytes, unsigned prio);
// Receives without blocking; nullopt when the queue is empty.
std::optional<MqMessage> mq_take_message(const std::string& name);

}  // namespace grade
