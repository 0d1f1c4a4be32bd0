// Unit tests of the driver-suite protocol (harness/protocol.hpp): what the suite writes the
// driver reads back whole, and a record line that is cut short or garbled counts as no record,
// so the test scores nothing instead of crashing the driver.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "protocol.hpp"

using namespace grade::protocol;

namespace {

Record passed_record(const std::string& name) {
    return {.name = name,
            .points = 10,
            .passed = true,
            .seconds = 0.25,
            .output = "",
            .sandbox = "none",
            .unimplemented = {"shm_stat"},
            .hung = false};
}

}  // namespace

TEST_CASE("a record reads back as written") {
    Record r = passed_record("shm_remove removes the object");
    r.output = "expected: a\ngot:      \"b\\\"\"\nhint:     c";
    const std::string line = write_record(r);
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);  // one line, whatever the feedback holds
    auto back = parse_record(line);
    REQUIRE(back);
    CHECK(back->name == r.name);
    CHECK(back->points == 10);
    CHECK(back->passed);
    CHECK(back->seconds == 0.25);
    CHECK(back->output == r.output);
    CHECK(back->sandbox == "none");
    CHECK(back->unimplemented == std::vector<std::string>{"shm_stat"});
    CHECK_FALSE(back->hung);
}

TEST_CASE("a record cut short at any byte is no record") {
    const std::string line = write_record(passed_record("t"));
    for (std::size_t n = 0; n + 1 < line.size(); ++n) {
        CAPTURE(n);
        CHECK_FALSE(parse_record(line.substr(0, n)));
        bool malformed = false;
        CHECK_FALSE(find_record(line.substr(0, n), "t", &malformed));
        CHECK(malformed == (n > 0));
    }
}

TEST_CASE("a garbled record is no record") {
    CHECK_FALSE(parse_record("not json"));
    CHECK_FALSE(parse_record("[1, 2]"));
    CHECK_FALSE(parse_record("{\"score\": 1000}"));  // no name
    CHECK_FALSE(parse_record(R"({"name":"t","passed":"yes","seconds":0,"output":""})"));
    CHECK_FALSE(parse_record(R"({"name":"t","passed":true,"seconds":0})"));  // no output
    CHECK_FALSE(parse_record(R"({"name":"t","passed":true,"seconds":0,"output":"","hung":3})"));
    CHECK(parse_record(R"({"name":"t","passed":true,"seconds":0,"output":""})"));
}

TEST_CASE("the record of a test is found among garbled lines and other tests' records") {
    const std::string text = "{\"name\":\"t\",\"pass\n" + write_record(passed_record("other")) +
                             "\n" + write_record(passed_record("t"));
    bool malformed = false;
    auto r = find_record(text, "t", &malformed);
    REQUIRE(r);
    CHECK(r->name == "t");
    CHECK(malformed);
    CHECK_FALSE(find_record(text, "missing"));
    CHECK_FALSE(find_record("", "t"));
}

TEST_CASE("a listing reads back as written, and a garbled one is none") {
    const Listing t{.name = "n", .points = 5, .clauses = {"01.a", "C.exit"}, .concurrent = true};
    auto back = parse_listing(write_listing(t));
    REQUIRE(back);
    CHECK(back->name == "n");
    CHECK(back->points == 5);
    CHECK(back->clauses == t.clauses);
    CHECK_FALSE(back->hidden);
    CHECK(back->concurrent);
    CHECK_FALSE(parse_listing(write_listing(t).substr(0, 10)));
    CHECK_FALSE(parse_listing(R"({"name":"n"})"));
}

TEST_CASE("an environment entry is NAME=VALUE") {
    CHECK(assign(kTest, "a = b") == "IPCLAB_TEST=a = b");
}
