// Consult media parts on their own: SRT URLs, the bitrate ladder rule, latency stamps through a real H.264 round
// trip, Opus-in-TS framing, the speexdsp echo canceller, and the SRT RTT probe against a real listener.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "consult/media/bitrate_ladder.h"
#include "consult/media/echo_canceller.h"
#include "consult/media/frame_stamp.h"
#include "consult/media/opus_ts_framing.h"
#include "consult/media/rtt_probe.h"
#include "consult/media/srt_link.h"
#include "consult/media/uplink_encoders.h"
#include "media_peers.h"
#include "process.h"

using namespace fl::consult;

TEST_CASE("srt URLs give host, port and the query's security settings") {
    auto parsed = parse_srt_url("srt://hotline.example:9000?streamid=box%2F17&passphrase=abcdefghijkl&pbkeylen=32");
    REQUIRE(parsed.ok());
    CHECK(parsed.value().host == "hotline.example");
    CHECK(parsed.value().port == 9000);
    CHECK(parsed.value().streamid == "box/17");
    CHECK(parsed.value().passphrase == "abcdefghijkl");
    CHECK(parsed.value().pbkeylen == 32);
    auto v6 = parse_srt_url("srt://[::1]:7001");
    REQUIRE(v6.ok());
    CHECK(v6.value().host == "::1");
    CHECK(v6.value().port == 7001);
    CHECK_FALSE(parse_srt_url("http://x:1").ok());
    CHECK_FALSE(parse_srt_url("srt://x").ok());
    CHECK_FALSE(parse_srt_url("srt://x:70000").ok());
    CHECK(parse_srt_url("srt://x").error().message.rfind("bad_params", 0) == 0);
}

TEST_CASE("the latency window is four round trips but never under 120 ms") {
    CHECK(latency_window_ms(1) == 120);
    CHECK(latency_window_ms(100) == 400);
    CHECK(latency_window_ms(101) == 410);
}

TEST_CASE("the bitrate ladder has the six steps from 720p down to audio only") {
    const auto ladder = bitrate_ladder();
    REQUIRE(ladder.size() == 6);
    CHECK(ladder[0].height == 720);
    CHECK(ladder[0].video_kbps == 1500);
    CHECK(ladder[1].height == 540);
    CHECK(ladder[2].video_kbps == 500);
    CHECK(ladder[3].fps == 15);
    CHECK(ladder[4].height == 240);
    CHECK(ladder[5].width == 0);
}

TEST_CASE("the ladder steps down on sustained trouble and climbs back after quiet seconds") {
    BitrateLadder ladder(0, 120);
    LinkSecond quiet{20, 150, 0, 0, 0, 30};
    LinkSecond lossy{20, 150, 30, 30, 0, 30};
    CHECK_FALSE(ladder.on_second(lossy));  // one bad second is not enough
    CHECK(ladder.on_second(lossy));
    CHECK(ladder.step() == 1);
    LinkSecond dropping{20, 150, 0, 0, 5, 30};
    ladder.on_second(quiet);  // settling seconds after a change
    ladder.on_second(quiet);
    CHECK(ladder.on_second(dropping));  // drops are severe: at once
    CHECK(ladder.step() == 2);
    int seconds = 0;
    while (ladder.step() > 0 && seconds < 100) {
        ladder.on_second(quiet);
        ++seconds;
    }
    CHECK(ladder.step() == 0);
    CHECK(seconds >= 16);  // at least the quiet spell per step
    // Steps never go past audio only.
    for (int i = 0; i < 40; ++i) ladder.on_second(dropping);
    CHECK(ladder.step() == 5);
    CHECK(ladder.current().width == 0);
}

TEST_CASE("a latency stamp survives H.264 at the lowest video step") {
    constexpr int width = 426, height = 240;
    auto encoder = open_h264_encoder(width, height, 15, 150);
    REQUIRE(encoder.ok());
    AVCodecContext* enc = encoder.value().get();
    fl::media::FramePtr frame(av_frame_alloc());
    frame->width = width;
    frame->height = height;
    frame->format = AV_PIX_FMT_YUV420P;
    REQUIRE(av_frame_get_buffer(frame.get(), 0) == 0);
    std::mt19937 random(7);
    const uint64_t stamp = 0x1234'5678'9abcULL;
    const AVCodec* h264 = avcodec_find_decoder(AV_CODEC_ID_H264);
    fl::media::CodecContextPtr decoder(avcodec_alloc_context3(h264));
    REQUIRE(avcodec_open2(decoder.get(), h264, nullptr) == 0);
    fl::media::PacketPtr packet(av_packet_alloc());
    fl::media::FramePtr decoded(av_frame_alloc());
    std::optional<uint32_t> read;
    for (int i = 0; i < 10 && !read; ++i) {
        REQUIRE(av_frame_make_writable(frame.get()) == 0);
        for (int plane = 0; plane < 3; ++plane) {  // noise underneath, so the band must hold against it
            const int rows = plane == 0 ? height : height / 2;
            for (int row = 0; row < rows; ++row)
                for (int x = 0; x < frame->linesize[plane]; ++x) frame->data[plane][row * frame->linesize[plane] + x] = random() & 0xff;
        }
        burn_frame_stamp(frame->data[0], frame->linesize[0], frame->data[1], frame->data[2], frame->linesize[1], width,
                         height, stamp + static_cast<uint64_t>(i));
        frame->pts = i * 66;
        REQUIRE(avcodec_send_frame(enc, frame.get()) == 0);
        while (avcodec_receive_packet(enc, packet.get()) == 0) {
            REQUIRE(avcodec_send_packet(decoder.get(), packet.get()) == 0);
            av_packet_unref(packet.get());
            while (avcodec_receive_frame(decoder.get(), decoded.get()) == 0) {
                read = read_frame_stamp(decoded->data[0], decoded->linesize[0], decoded->width, decoded->height);
                av_frame_unref(decoded.get());
                if (read) break;
            }
        }
    }
    REQUIRE(read.has_value());
    CHECK(*read == static_cast<uint32_t>(stamp));  // the first picture's stamp, low 32 bits
    CHECK(stamp_age_ms(*read, stamp + 250) == 250);
    // A picture without a stamp reads as nothing.
    std::vector<uint8_t> grey(static_cast<size_t>(width) * height, 128);
    CHECK_FALSE(read_frame_stamp(grey.data(), width, width, height).has_value());
}

TEST_CASE("opus packets come out of their MPEG-TS control headers") {
    // Two access units: sizes 3 and 300 (0xff + 45), the second with a start trim of 2 bytes.
    std::vector<uint8_t> payload = {0x7f, 0xe0, 3, 1, 2, 3, 0x7f, 0xf0, 0xff, 45, 0x00, 0x10};
    for (int i = 0; i < 300; ++i) payload.push_back(static_cast<uint8_t>(i));
    const auto packets = split_opus_ts_payload(payload);
    REQUIRE(packets.size() == 2);
    CHECK(packets[0].size() == 3);
    CHECK(packets[0][0] == 1);
    CHECK(packets[1].size() == 300);
    CHECK(packets[1][299] == static_cast<uint8_t>(299));
    // A bare Opus packet passes through; a truncated one stops before the damage.
    const std::vector<uint8_t> bare = {0x48, 1, 2};
    CHECK(split_opus_ts_payload(bare).size() == 1);
    const std::vector<uint8_t> truncated = {0x7f, 0xe0, 50, 1, 2};
    CHECK(split_opus_ts_payload(truncated).empty());
}

TEST_CASE("the echo canceller takes out most of a delayed echo of the far end") {
    EchoCanceller canceller(16000, 160, 1600);
    std::mt19937 random(3);
    std::normal_distribution<double> noise(0, 3000);
    constexpr int delay = 320;  // 20 ms
    std::vector<int16_t> far_history(delay, 0);
    double echo_energy = 0, left_energy = 0;
    for (int frame = 0; frame < 500; ++frame) {  // 5 s
        std::vector<int16_t> far(160), mic(160);
        for (auto& sample : far) sample = static_cast<int16_t>(std::clamp(noise(random), -32000.0, 32000.0));
        far_history.insert(far_history.end(), far.begin(), far.end());
        for (int i = 0; i < 160; ++i) mic[static_cast<size_t>(i)] = static_cast<int16_t>(far_history[static_cast<size_t>(i)] * 0.5);
        far_history.erase(far_history.begin(), far_history.begin() + 160);
        canceller.far_end(far.data(), 160);
        const std::vector<int16_t> before = mic;
        canceller.process(mic.data());
        if (frame >= 400) {  // the last second, after convergence
            for (int i = 0; i < 160; ++i) {
                echo_energy += std::pow(before[static_cast<size_t>(i)], 2);
                left_energy += std::pow(mic[static_cast<size_t>(i)], 2);
            }
        }
    }
    REQUIRE(echo_energy > 0);
    const double reduction_db = 10 * std::log10(echo_energy / std::max(left_energy, 1.0));
    INFO("echo reduction " << reduction_db << " dB");
    CHECK(reduction_db > 15);
}

TEST_CASE("an SRT RTT probe gets answers from a real listener and sees a relay's delay") {
    fl::test::TempDir dir;
    const int port = fl::test::free_udp_port();
    fl::test::ChildProcess listener(fl::test::ffmpeg_record_command(port, "", dir.file("unused.ts")), dir.file("ffmpeg.err"));
    std::optional<double> direct;
    for (int i = 0; i < 50 && !direct; ++i) {  // until ffmpeg listens (before that, refusals come back at once)
        direct = probe_srt_rtt_ms("127.0.0.1", port, 1, 100);
        if (!direct) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(direct.has_value());
    CHECK(*direct < 50);
    fl::test::FaultRelay relay({port}, "--delay 60", dir.file("relay.err"));
    const auto delayed = probe_srt_rtt_ms("127.0.0.1", relay.ports()[0], 2, 1000);
    REQUIRE(delayed.has_value());
    CHECK(*delayed >= 115);
    CHECK(*delayed < 400);
    // Nobody there: no answer.
    CHECK_FALSE(probe_srt_rtt_ms("127.0.0.1", fl::test::free_udp_port(), 1, 200).has_value());
}

TEST_CASE("a smaller requested picture caps the ladder's best step") {
    CHECK(top_step_for(720, 30) == 0);
    CHECK(top_step_for(1080, 60) == 0);
    CHECK(top_step_for(540, 30) == 1);
    CHECK(top_step_for(360, 15) == 3);
    CHECK(top_step_for(100, 5) == 4);  // nothing fits: the smallest video step
    BitrateLadder ladder(0, 120, 2);
    CHECK(ladder.step() == 2);
    LinkSecond quiet{20, 150, 0, 0, 0, 30};
    for (int i = 0; i < 100; ++i) ladder.on_second(quiet);
    CHECK(ladder.step() == 2);  // never above the cap
}

TEST_CASE("a bitrate cap from the hotline picks the best step that fits with the voice") {
    CHECK(top_step_for_cap(0) == 0);
    CHECK(top_step_for_cap(5000) == 0);
    CHECK(top_step_for_cap(1532) == 0);
    CHECK(top_step_for_cap(1531) == 1);
    CHECK(top_step_for_cap(400) == 3);   // 360p15 300 kb/s + 32
    CHECK(top_step_for_cap(150) == 5);   // nothing with video fits: audio only
    BitrateLadder ladder(0, 120);
    CHECK(ladder.set_top_step(3));
    CHECK(ladder.step() == 3);
    CHECK_FALSE(ladder.set_top_step(1));  // lifting the cap does not jump up: the ladder climbs when it is quiet
    CHECK(ladder.step() == 3);
}
