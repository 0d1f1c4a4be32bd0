// The driver-suite protocol's lines, written and parsed (protocol.hpp).
#include "protocol.hpp"

#include <nlohmann/json.hpp>

namespace grade::protocol {
namespace {

using nlohmann::json;

// LINE as a JSON object; nullopt for anything else (a line cut short, garbage, an array...).
std::optional<json> object_of(std::string_view line) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
}

// Reads field KEY of J into INTO. False when it has another type, or is missing and REQUIRED:
// either makes the whole line unreadable.
template <typename T>
bool read(const json& j, const char* key, T& into, bool required) {
    auto it = j.find(key);
    if (it == j.end()) return !required;
    try {
        into = it->template get<T>();
        return true;
    } catch (const json::exception&) {
        return false;
    }
}

}  // namespace

std::string assign(const char* name, const std::string& value) {
    return std::string(name) + "=" + value;
}

std::string write_listing(const Listing& t) {
    return json{{"name", t.name},
                {"points", t.points},
                {"clauses", t.clauses},
                {"hidden", t.hidden},
                {"concurrent", t.concurrent}}
               .dump() +
           "\n";
}

std::optional<Listing> parse_listing(std::string_view line) {
    auto j = object_of(line);
    Listing t;
    if (!j || !read(*j, "name", t.name, true) || !read(*j, "points", t.points, true) ||
        !read(*j, "clauses", t.clauses, false) || !read(*j, "hidden", t.hidden, false) ||
        !read(*j, "concurrent", t.concurrent, false))
        return std::nullopt;
    return t;
}

std::string write_record(const Record& r) {
    return json{{"name", r.name},
                {"points", r.points},
                {"passed", r.passed},
                {"seconds", r.seconds},
                {"output", r.output},
                {"sandbox", r.sandbox},
                {"unimplemented", r.unimplemented},
                {"hung", r.hung}}
               .dump() +
           "\n";
}

std::optional<Record> parse_record(std::string_view line) {
    auto j = object_of(line);
    Record r;
    if (!j || !read(*j, "name", r.name, true) || !read(*j, "points", r.points, false) ||
        !read(*j, "passed", r.passed, true) || !read(*j, "seconds", r.seconds, true) ||
        !read(*j, "output", r.output, true) || !read(*j, "sandbox", r.sandbox, false) ||
        !read(*j, "unimplemented", r.unimplemented, false) || !read(*j, "hung", r.hung, false))
        return std::nullopt;
    return r;
}

std::optional<Record> find_record(std::string_view text, const std::string& name, bool* malformed) {
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty()) continue;
        auto record = parse_record(line);
        if (!record && malformed) *malformed = true;
        if (record && record->name == name) return record;
    }
    return std::nullopt;
}

}  // namespace grade::protocol
