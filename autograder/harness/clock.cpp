// Time as the harness measures it (clock.hpp).
#include "clock.hpp"

#include <time.h>

namespace grade {

double now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void pause_for(double seconds) {
    timespec ts{
        static_cast<time_t>(seconds),
        static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {  // a signal cut it short: sleep the rest
    }
}

}  // namespace grade
