#include "pool.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace driver {

void run_pool(std::size_t count, const PoolOptions& options,
              const std::function<std::unique_ptr<grade::Proc>(std::size_t)>& start,
              const std::function<void(std::size_t, const grade::Result&)>& finish) {
    const std::size_t width = static_cast<std::size_t>(std::max(1, options.width));
    auto waits = [&](std::size_t item) { return options.waits && options.waits(item); };
    std::vector<std::pair<std::size_t, std::unique_ptr<grade::Proc>>> running;
    std::size_t busy = 0, waiting = 0;  // running items of each kind
    std::size_t next = 0;
    for (;;) {
        // In order: the next item waits for a free place of its kind.
        while (next < count && (waits(next) ? waiting < 2 * width : busy < width)) {
            const std::size_t item = next++;
            if (auto proc = start(item)) {
                ++(waits(item) ? waiting : busy);
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
        --(waits(ended.first) ? waiting : busy);
        const grade::Result result = ended.second->wait();
        ended.second.reset();
        finish(ended.first, result);
    }
}

}  // namespace driver
