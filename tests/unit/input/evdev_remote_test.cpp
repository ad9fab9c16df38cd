// The evdev remote reader: kernel input events through a FIFO come out as named keys, in order.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "platform/linux/evdev_keys.h"
#include "platform/linux/evdev_remote.h"
#include "process.h"

namespace fl::linux_input {
namespace {
input_event key_event(int code, int value) {
    input_event event{};
    event.type = EV_KEY;
    event.code = static_cast<__u16>(code);
    event.value = value;
    return event;
}
}  // namespace

TEST_CASE("kernel key events decode to KEY_* names, other events are ignored") {
    const auto ok = decode_input_event(key_event(KEY_OK, 1));
    REQUIRE(ok.has_value());
    CHECK(ok->name == "KEY_OK");
    CHECK(ok->down);
    CHECK_FALSE(ok->repeat);
    const auto held = decode_input_event(key_event(KEY_RED, 2));
    REQUIRE(held.has_value());
    CHECK(held->repeat);
    CHECK_FALSE(decode_input_event(key_event(KEY_UP, 0))->down);
    input_event sync{};
    sync.type = EV_SYN;
    CHECK_FALSE(decode_input_event(sync).has_value());
    CHECK_FALSE(decode_input_event(key_event(KEY_A, 1)).has_value());  // not a remote key we map
    CHECK(is_evdev_key_name("KEY_NUMERIC_5"));
    CHECK_FALSE(is_evdev_key_name("KEY_UPP"));
}

TEST_CASE("the reader thread delivers keys written to a device, split reads included") {
    test::TempDir dir;
    const std::string fifo = dir.file("remote");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<RemoteKey> keys;
    std::vector<std::string> problems;
    auto remote = EvdevRemote::open(
        {fifo},
        [&](const RemoteKey& key) {
            std::lock_guard lock(mutex);
            keys.push_back(key);
            arrived.notify_all();
        },
        problems);
    REQUIRE(remote != nullptr);
    CHECK(problems.empty());
    const int writer = ::open(fifo.c_str(), O_WRONLY);
    REQUIRE(writer >= 0);
    const input_event events[] = {key_event(KEY_DOWN, 1), key_event(KEY_DOWN, 0), key_event(KEY_OK, 1),
                                  key_event(KEY_OK, 0)};
    const auto* bytes = reinterpret_cast<const char*>(events);
    // Half an event first, then the rest: the reader must wait for whole records.
    CHECK(::write(writer, bytes, sizeof(input_event) / 2) > 0);
    CHECK(::write(writer, bytes + sizeof(input_event) / 2, sizeof events - sizeof(input_event) / 2) > 0);
    ::close(writer);
    std::unique_lock lock(mutex);
    CHECK(arrived.wait_for(lock, std::chrono::seconds(5), [&] { return keys.size() == 4; }));
    REQUIRE(keys.size() == 4);
    CHECK(keys[0].name == "KEY_DOWN");
    CHECK(keys[0].down);
    CHECK_FALSE(keys[1].down);
    CHECK(keys[2].name == "KEY_OK");
}

TEST_CASE("a remote that cannot be opened is named, and nothing starts") {
    std::vector<std::string> problems;
    auto remote = EvdevRemote::open({"/nonexistent/event7"}, [](const RemoteKey&) {}, problems);
    CHECK(remote == nullptr);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("/nonexistent/event7") != std::string::npos);
}

}  // namespace fl::linux_input
