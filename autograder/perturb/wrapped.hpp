// The functions the schedule perturber wraps (perturb.cpp), in one list for both of its builds:
// - libipclab-perturb.so, preloaded (LD_PRELOAD) into programs linked against the shared C
//   library, defines them under their own names and finds the real ones with dlsym;
// - libipclab-perturb-static.a, linked into the static executables of the students' programs
//   (driver/build.cpp), defines __wrap_NAME for each, and the linker's --wrap=NAME sends the
//   program's calls of NAME there and the library's calls of __real_NAME to the C library.
#pragma once

// clang-format off
#define IPCLAB_PERTURB_WRAPPED(X)                                                                  \
    X(sem_wait) X(sem_trywait) X(sem_timedwait) X(sem_post)                                        \
    X(read) X(write) X(pread) X(pwrite) X(readv) X(writev)                                         \
    X(send) X(recv) X(sendmsg) X(recvmsg) X(accept) X(connect)                                     \
    X(mq_send) X(mq_receive) X(mq_timedsend) X(mq_timedreceive)                                    \
    X(msgsnd) X(msgrcv) X(semop) X(semtimedop)                                                     \
    X(flock) X(lockf) X(fcntl) X(fcntl64)                                                          \
    X(fork)                                                                                        \
    X(pthread_mutex_lock) X(pthread_mutex_timedlock) X(pthread_mutex_unlock)                       \
    X(pthread_cond_wait) X(pthread_cond_timedwait)                                                 \
    X(pthread_cond_signal) X(pthread_cond_broadcast)                                               \
    X(mmap) X(mmap64) X(munmap) X(mprotect) X(pthread_create)                                      \
    X(sigaction) X(signal) X(sigprocmask) X(pthread_sigmask) X(sigsuspend)
// clang-format on
