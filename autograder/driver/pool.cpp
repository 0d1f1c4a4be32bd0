#include "pool.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace driver {

void run_pool(std::size_t count, const PoolOptions& options,
              const std::function<std::unique_ptr<grade::Proc>(std::size_t)>& start,
              const std::function<void(std::size_t, const grade::Result&)>& finish) {
    const std::size_t width = static_cast<std::size_t>(std::max(1, options.width));
    auto share = [&](std::size_t item) {
        return options.share ? std::clamp(options.share(item), 0.05, 1.0) : 1.0;
    };
    // However little they use the CPU, at most 6 items per CPU: each holds processes,
    // descriptors and, for a test, a sandbox. With 4, a grading's first second kept the CPUs
    // half idle: the tests that wait longest start first, and they filled the places.
    const std::size_t most = 6 * width;
    std::vector<std::pair<std::size_t, std::unique_ptr<grade::Proc>>> running;
    double load = 0;  // the shares of the running items
    std::size_t next = 0;
    for (;;) {
        // In order: the next item starts when its share fits, or when nothing runs.
        while (next < count && running.size() < most &&
               (running.empty() || load + share(next) <= static_cast<double>(width) + 0.5)) {
            const std::size_t item = next++;
            if (auto proc = start(item)) {
                load += share(item);
                running.emplace_back(item, std::move(proc));
            }
        }
        if (running.empty()) {
            if (next >= count) return;
            continue;
        }
        std::vector<grade::Proc*> procs;
        for (auto& r : running)
            procs.push_back(r.second.get());
        double until = 1e300;
        if (options.tick) until = grade::now() + options.tick_seconds;
        const std::size_t done = grade::wait_any(procs, until);
        if (done == procs.size()) {
            if (options.tick) options.tick();
            continue;
        }
        auto ended = std::move(running[done]);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(done));
        load -= share(ended.first);
        const grade::Result result = ended.second->wait();
        ended.second.reset();
        finish(ended.first, result);
    }
}

}  // namespace driver
