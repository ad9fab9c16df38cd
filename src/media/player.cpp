// The player: demux and decode threads, the audio output as master clock, take_due_frame pacing pictures against it.
#include "media/player.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>
#include <utility>

#include "core/clock.h"
#include "core/log.h"
#include "media/audio_output.h"
#include "media/change_signal.h"
#include "media/embedded_subtitles.h"
#include "media/ffmpeg_support.h"
#include "media/frame_queues.h"
#include "media/hls_variants.h"
#include "media/packet_queue.h"
#include "media/sync_clock.h"
#include "media/video_decoding.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
}

namespace fl::media {
namespace {

constexpr size_t kVideoFramesAhead = 4;              // decoded pictures waiting for their time (12 MB each at 4K)
constexpr double kAudioAhead_s = 0.5;                // resampled PCM waiting for the device
constexpr size_t kMaxQueuedPacketBytes = 32u << 20;  // demuxed but not yet decoded, all streams together
constexpr double kReadAhead_s = 5.0;                 // the demuxer rests once every stream has this much queued
constexpr size_t kMaxQueuedPacketsPerStream = 1000;  // ...or this many packets (streams without packet durations)
constexpr int64_t kProbeSizeBytes = 2'000'000;       // FFmpeg's default is 5 MB
constexpr int64_t kAnalyzeDurationUs = 3'000'000;    // FFmpeg's default is 5 s
// No "file": nothing a server sends (an HLS playlist naming file:// segments) may read a local file.
constexpr const char* kRemoteProtocolWhitelist = "http,https,tcp,tls,crypto,hls";
constexpr const char* kLocalProtocolWhitelist = "file,crypto";
constexpr int kMaxConsecutiveDecodeErrors = 200;  // packets in a row that decode to nothing but errors: corrupt
constexpr int kMaxConsecutiveReadErrors = 100;    // demuxer errors in a row (damage it cannot resync past): the end
constexpr std::chrono::milliseconds kDemuxRestTimeout{100};
constexpr std::chrono::milliseconds kDemuxRetryPause{10};
constexpr uint64_t kClockPollMs = 20;  // waiting for the audio clock of a new position
constexpr double kDefaultFrameDuration_s = 0.04;
constexpr double kLateSkipStart_s = 0.1;   // a picture shown this late: the decoder starts skipping...
constexpr double kLateSkipStop_s = 0.02;   // ...until one is this close again
constexpr uint64_t kNoSerial = std::numeric_limits<uint64_t>::max();

double milliseconds_to_seconds(uint64_t ms) {
    return static_cast<double>(ms) / 1000.0;
}

uint64_t seconds_to_milliseconds_ceil(double seconds) {
    return seconds <= 0 ? 0 : static_cast<uint64_t>(std::ceil(seconds * 1000.0));
}

}  // namespace

struct Player::Impl {
    Impl(std::string url_in, PlayerOptions options_in)
        : url(std::move(url_in)),
          options(std::move(options_in)),
          remote(is_remote_url(url)),
          opened_at_ms(monotonic_ms()),
          pending_position_s(std::max(0.0, options.start_at_s)) {}

    // ---- Shared by every thread ----
    const std::string url;
    const PlayerOptions options;
    const bool remote;
    const uint64_t opened_at_ms;

    mutable std::mutex state_mutex;  // guards the block below
    PlayerState state = PlayerState::Opening;
    std::string error_code;
    std::string error_message;
    double duration_s = 0;
    bool seek_requested = false;
    double seek_target_s = 0;
    std::optional<double> seek_from_s;  // a relative (key-frame) seek: where it started
    uint64_t accurate_seek_serial = kNoSerial;  // decoders drop output before accurate_seek_target_s in this serial
    double accurate_seek_target_s = 0;
    std::unique_ptr<AudioOutput> audio_output;  // set once while Opening, reset at shutdown

    // Serialises pausing the audio output. Never held together with state_mutex the other way round, and never
    // while calling out: SDL holds its device lock around our callback, which may call options.wake.
    std::mutex output_mutex;

    std::atomic<uint64_t> serial{0};         // bumped by every seek
    std::atomic<double> pending_position_s;  // what position_s says until the clock has the current serial
    std::atomic<uint64_t> video_finished_serial{kNoSerial};  // the video decoder put out its last picture
    std::atomic<uint64_t> audio_finished_serial{kNoSerial};  // the audio decoder put out its last PCM
    std::atomic<uint64_t> audio_drained_serial{kNoSerial};   // ...and the output took all of it
    std::atomic<uint64_t> audio_started_serial{kNoSerial};   // the output played the first PCM of that serial
    std::atomic<bool> audio_underrun{false};
    // Sound starts only once the first picture is on its way to the screen: started earlier, the clock would run
    // ahead of pictures that are still being decoded and uploaded, and they would be late (dropped).
    std::atomic<bool> audio_released{false};
    // Pictures reach the screen late (the decoder cannot keep up): the decoder skips pictures nothing refers to
    // until it has caught up, the way a TV does, instead of drifting ever further behind the sound.
    std::atomic<bool> video_late{false};
    std::atomic<float> volume{1.0f};
    std::atomic<bool> muted{false};
    std::atomic<double> audio_buffer_s{0};

    InterruptDeadline interrupt;
    std::atomic<bool> stopping{false};
    ChangeSignal demux_signal;
    PacketQueue video_packets{demux_signal};
    PacketQueue audio_packets{demux_signal};
    VideoFrameQueue frames{kVideoFramesAhead};
    PcmQueue pcm{kAudioAhead_s};

    mutable std::mutex clock_mutex;
    PlaybackClock clock;

    // ---- Written by the demux thread while Opening, read-only afterwards ----
    FormatContextPtr format;
    int video_stream = -1;
    int audio_stream = -1;
    bool has_audio = false;
    double start_offset_s = 0;
    double frame_duration_s = kDefaultFrameDuration_s;
    AVRational video_time_base{1, 1};
    AVRational audio_time_base{1, 1};
    OpenedVideoDecoder video_decoder;
    CodecContextPtr audio_decoder;
    EmbeddedSubtitles subtitles;  // decoded on the demux thread; read by the UI through texts_at
    std::vector<std::string> subtitle_languages;
    std::optional<HlsVariants> variants;  // HLS with several variants: which one is fetched (demux thread)
    std::atomic<bool> stall_seen{false};  // the main thread saw a stall; the variant choice hears of it
    // After a variant switch the new variant's segment overlaps what the old one delivered: pictures up to here
    // are decoded (they are the new stream's references) but not shown. Reset by a seek.
    std::atomic<double> video_floor_s{-std::numeric_limits<double>::infinity()};
    std::thread demux_thread;
    std::thread video_thread;
    std::thread audio_thread;

    // ---- The audio output's thread only ----
    double last_audio_end_pts_s = 0;
    uint64_t last_audio_serial = kNoSerial;

    // ---- The main thread only (take_due_frame) ----
    uint64_t shown_serial = kNoSerial;
    double last_shown_pts_s = 0;
    double serial_first_shown_at_s = 0;
    bool first_frame_reported = false;
    bool first_audio_reported = false;
    bool stall_reported = false;
    bool end_reported = false;
    SyncWindow sync_window;

    mutable std::mutex stats_mutex;
    uint64_t frames_shown = 0;
    uint64_t frames_dropped = 0;
    SyncErrorHistogram sync_errors;

    // ---------------------------------------------------------------- events and failure

    void emit(std::string_view name, nlohmann::json fields) const {
        if (options.events) options.events(name, std::move(fields));
    }

    void wake_main() const {
        if (options.wake) options.wake();
    }

    uint64_t ms_since_open() const { return monotonic_ms() - opened_at_ms; }

    void stop_pipeline() {
        stopping = true;
        interrupt.abort();
        video_packets.abort();
        audio_packets.abort();
        frames.abort();
        pcm.abort();
        demux_signal.notify();
    }

    // The audio output runs exactly while the state is Playing; called after every state change.
    void pause_output_unless_playing() {
        std::lock_guard output_lock(output_mutex);
        AudioOutput* output = nullptr;
        bool playing = false;
        {
            std::lock_guard lock(state_mutex);
            output = audio_output.get();
            playing = state == PlayerState::Playing && audio_released;
        }
        if (output != nullptr) output->set_paused(!playing);
    }

    void fail(std::string_view code, const std::string& message) {
        {
            std::lock_guard lock(state_mutex);
            if (stopping || state == PlayerState::Failed) return;
            state = next_player_state(state, PlayerInput::FatalError);
            error_code = code;
            error_message = message;
        }
        pause_output_unless_playing();
        log::warning("player", std::string(code) + ": " + message);
        emit("error", {{"code", code}, {"message", message}});
        {
            std::lock_guard lock(clock_mutex);
            clock.set_paused(true, milliseconds_to_seconds(monotonic_ms()));
        }
        stop_pipeline();
        wake_main();
    }

    // The reason for a failed FFmpeg call in words: the deadline when it was the interrupt callback that gave up.
    std::string failure_reason(int av_error, int timeout_ms) const {
        if (interrupt.timed_out()) return "no answer within " + std::to_string(timeout_ms) + " ms";
        return describe_av_error(av_error);
    }

    std::optional<double> read_clock(uint64_t for_serial, double now_s) const {
        std::lock_guard lock(clock_mutex);
        return clock.get(for_serial, now_s);
    }

    void set_clock(double pts_s, uint64_t for_serial, double now_s) {
        std::lock_guard lock(clock_mutex);
        clock.set(pts_s, for_serial, now_s);
    }

    std::optional<double> accurate_seek_target_for(uint64_t for_serial) const {
        std::lock_guard lock(state_mutex);
        if (accurate_seek_serial != for_serial) return std::nullopt;
        return accurate_seek_target_s;
    }

    // ---------------------------------------------------------------- opening (demux thread)

    bool open_input() {
        route_ffmpeg_log_once();
        AVFormatContext* raw = avformat_alloc_context();
        if (raw == nullptr) {
            fail("open_failed", "out of memory");
            return false;
        }
        raw->interrupt_callback = interrupt.callback();
        raw->probesize = kProbeSizeBytes;
        raw->max_analyze_duration = kAnalyzeDurationUs;
        AVDictionary* open_options = nullptr;
        av_dict_set(&open_options, "protocol_whitelist", remote ? kRemoteProtocolWhitelist : kLocalProtocolWhitelist,
                    0);
        interrupt.arm(options.open_timeout_ms);
        int status = avformat_open_input(&raw, url.c_str(), nullptr, &open_options);  // frees raw on failure
        av_dict_free(&open_options);
        if (status < 0) {
            interrupt.disarm();
            fail(open_error_code(status, interrupt.timed_out(), remote),
                 "cannot open " + url + ": " + failure_reason(status, options.open_timeout_ms));
            return false;
        }
        format.reset(raw);
        status = avformat_find_stream_info(raw, nullptr);
        interrupt.disarm();
        if (status < 0) {
            fail(open_error_code(status, interrupt.timed_out(), remote),
                 "cannot read the streams of " + url + ": " + failure_reason(status, options.open_timeout_ms));
            return false;
        }
        if (stopping) return false;
        return choose_streams() && open_decoders();
    }

    bool choose_streams() {
        AVFormatContext* context = format.get();
        variants = HlsVariants::find(*context);
        if (variants) {
            emit("variant", variants->start());
            video_stream = variants->current().video_stream;
        } else {
            video_stream = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        }
        if (video_stream >= 0 && (context->streams[video_stream]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0) {
            video_stream = -1;  // cover art of an audio file is not a video
        }
        if (video_stream < 0) {
            fail("no_video", url + " has no video stream");
            return false;
        }
        audio_stream = variants ? variants->current().audio_stream
                                : av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, video_stream, nullptr, 0);
        subtitle_languages = subtitles.open(*context);
        for (unsigned index = 0; index < context->nb_streams; ++index) {
            const int as_int = static_cast<int>(index);
            if (as_int != video_stream && as_int != audio_stream && !subtitles.wants(as_int)) {
                context->streams[index]->discard = AVDISCARD_ALL;
            }
        }
        if (context->start_time != AV_NOPTS_VALUE) {
            start_offset_s = static_cast<double>(context->start_time) / AV_TIME_BASE;
        }
        AVStream* video = context->streams[video_stream];
        const AVRational rate = av_guess_frame_rate(context, video, nullptr);
        if (rate.num > 0 && rate.den > 0) frame_duration_s = av_q2d(av_inv_q(rate));
        video_time_base = video->time_base;
        video_packets.set_time_base(av_q2d(video->time_base));
        return true;
    }

    bool open_decoders() {
        AVStream* video = format->streams[video_stream];
        auto opened = open_video_decoder(*video);
        if (!opened) {
            fail("unsupported_codec", opened.error().message);
            return false;
        }
        video_decoder = std::move(opened).value();
        emit("decoder", {{"name", video_decoder.name}, {"codec", avcodec_get_name(video->codecpar->codec_id)}});
        if (audio_stream >= 0) has_audio = open_audio_decoder();
        return true;
    }

    bool open_audio_decoder() {
        AVStream* audio = format->streams[audio_stream];
        const AVCodec* codec = avcodec_find_decoder(audio->codecpar->codec_id);
        CodecContextPtr context(codec != nullptr ? avcodec_alloc_context3(codec) : nullptr);
        bool usable = context && avcodec_parameters_to_context(context.get(), audio->codecpar) >= 0;
        if (usable) {
            context->pkt_timebase = audio->time_base;
            usable = avcodec_open2(context.get(), codec, nullptr) >= 0;
        }
        if (!usable) {
            log::warning("player", std::string("playing without sound: no decoder for audio codec ") +
                                       avcodec_get_name(audio->codecpar->codec_id));
            format->streams[audio_stream]->discard = AVDISCARD_ALL;
            audio_stream = -1;
            return false;
        }
        audio_decoder = std::move(context);
        audio_time_base = audio->time_base;
        audio_packets.set_time_base(av_q2d(audio->time_base));
        return true;
    }

    // A relative seek (Left/Right) lands on the key frame nearest the target that is more than a second past where
    // it started in its direction: nothing to decode and drop first, so the picture is there at once. False when
    // the input has no index of its key frames (MPEG-TS, HLS) or none fits: the accurate seek is done then.
    bool seek_input_to_key_frame(double target_s, double from_s) {
        AVStream* video = format->streams[video_stream];
        const double time_base = av_q2d(video->time_base);
        const auto stream_seconds = [&](int64_t timestamp) { return timestamp * time_base - start_offset_s; };
        const auto target = static_cast<int64_t>(std::llround((target_s + start_offset_s) / time_base));
        const bool forward = target_s > from_s;
        const auto fits = [&](const AVIndexEntry* entry) {
            if (entry == nullptr || (entry->flags & AVINDEX_KEYFRAME) == 0) return false;
            const double at_s = stream_seconds(entry->timestamp);
            return forward ? at_s > from_s + 1.0 : at_s < from_s - 1.0;
        };
        const AVIndexEntry* before = avformat_index_get_entry_from_timestamp(video, target, AVSEEK_FLAG_BACKWARD);
        const AVIndexEntry* after = avformat_index_get_entry_from_timestamp(video, target, 0);
        const auto distance = [&](const AVIndexEntry* entry) {
            return std::fabs(stream_seconds(entry->timestamp) - target_s);
        };
        const AVIndexEntry* chosen = nullptr;
        for (const AVIndexEntry* candidate : {before, after}) {
            if (fits(candidate) && (chosen == nullptr || distance(candidate) < distance(chosen))) chosen = candidate;
        }
        if (chosen == nullptr) return false;
        // Index times may be decoding times, which run a few frames ahead of the key frame's presentation time that
        // demuxers seek by (MP4): aim a few frames past it, still far short of the next key frame.
        const auto margin = static_cast<int64_t>(std::llround(4 * frame_duration_s / time_base));
        const int64_t timestamp = chosen->timestamp + margin;
        interrupt.arm(options.read_timeout_ms);
        const int status = av_seek_frame(format.get(), video_stream, timestamp, AVSEEK_FLAG_BACKWARD);
        interrupt.disarm();
        return status >= 0;
    }

    // Seeks the input so that decoding can start at target_s (stream time), marking output before it for dropping.
    void seek_input(double target_s, uint64_t for_serial, std::optional<double> from_s = std::nullopt) {
        if (from_s && std::fabs(target_s - *from_s) >= 2.0 && seek_input_to_key_frame(target_s, *from_s)) return;
        {
            std::lock_guard lock(state_mutex);
            accurate_seek_serial = for_serial;
            accurate_seek_target_s = target_s;
        }
        const auto timestamp = static_cast<int64_t>(std::llround((target_s + start_offset_s) * AV_TIME_BASE));
        interrupt.arm(options.read_timeout_ms);
        // The key frame at or before the target; failing that (nothing before it), the nearest one.
        int status = avformat_seek_file(format.get(), -1, std::numeric_limits<int64_t>::min(), timestamp, timestamp, 0);
        if (status < 0 && !interrupt.timed_out() && !stopping) {
            status = avformat_seek_file(format.get(), -1, std::numeric_limits<int64_t>::min(), timestamp,
                                        std::numeric_limits<int64_t>::max(), 0);
        }
        interrupt.disarm();
        if (status < 0 && !stopping) {
            if (interrupt.timed_out()) {
                fail("io_timeout", "seeking in " + url + ": " + failure_reason(status, options.read_timeout_ms));
                return;
            }
            log::warning("player", "cannot seek in " + url + ": " + describe_av_error(status));
        }
    }

    void publish_opened() {
        AVStream* video = format->streams[video_stream];
        const double duration = format->duration != AV_NOPTS_VALUE && format->duration > 0
                                    ? static_cast<double>(format->duration) / AV_TIME_BASE
                                    : 0.0;
        std::string output_name = "none";
        if (has_audio) {
            auto output =
                AudioOutput::open([this](float* out, int frame_count) { fill_audio(out, frame_count); }, options.audio);
            audio_buffer_s = output->buffer_s();
            output_name = output->name();
            std::lock_guard lock(state_mutex);
            audio_output = std::move(output);  // starts paused
        }
        if (options.start_at_s > 0) {
            const double target = clamp_seek_target(options.start_at_s, duration);
            if (serial.load() == 0) pending_position_s = target;  // unless the viewer already sought elsewhere
            seek_input(target, 0);
        }
        emit("playback_open", {{"url", url},
                               {"duration_s", duration},
                               {"width", video->codecpar->width},
                               {"height", video->codecpar->height},
                               {"fps", frame_duration_s > 0 ? 1.0 / frame_duration_s : 0.0},
                               {"audio", has_audio},
                               {"subtitles", subtitle_languages},
                               {"audio_output", output_name}});
        video_thread = std::thread([this] { run_video_decoder(); });
        if (has_audio) audio_thread = std::thread([this] { run_audio_decoder(); });
        {
            std::lock_guard lock(state_mutex);
            duration_s = duration;
            if (stopping || state != PlayerState::Opening) return;
            state = next_player_state(state, PlayerInput::OpenSucceeded);
        }
        pause_output_unless_playing();
        wake_main();
    }

    // ---------------------------------------------------------------- demux thread

    void run_demux() {
        if (!open_input()) return;
        publish_opened();
        read_packets();
    }

    bool read_ahead_is_full() const {
        if (video_packets.byte_size() + audio_packets.byte_size() > kMaxQueuedPacketBytes) return true;
        const auto has_enough = [](const PacketQueue& queue) {
            return queue.queued_duration_s() >= kReadAhead_s || queue.packet_count() >= kMaxQueuedPacketsPerStream;
        };
        return has_enough(video_packets) && (!has_audio || has_enough(audio_packets));
    }

    struct SeekRequest {
        double target_s = 0;
        uint64_t serial = 0;
        std::optional<double> from_s;
    };
    std::optional<SeekRequest> take_seek_request() {
        std::lock_guard lock(state_mutex);
        if (!seek_requested) return std::nullopt;
        seek_requested = false;
        return SeekRequest{seek_target_s, serial.load(), seek_from_s};
    }

    void mark_end_of_input(uint64_t for_serial) {
        video_packets.push(nullptr, for_serial);
        if (has_audio) audio_packets.push(nullptr, for_serial);
    }

    void read_packets() {
        PacketPtr packet(av_packet_alloc());
        uint64_t demux_serial = 0;
        bool end_of_input = false;
        int consecutive_read_errors = 0;
        VariantContinuity continuity;
        while (!stopping && packet) {
            const uint64_t seen_generation = demux_signal.generation();
            if (const auto seek = take_seek_request()) {
                video_floor_s = -std::numeric_limits<double>::infinity();
                continuity = {};
                seek_input(seek->target_s, seek->serial, seek->from_s);
                video_packets.flush(seek->serial);
                audio_packets.flush(seek->serial);
                frames.discard_stale(seek->serial);
                pcm.discard_stale(seek->serial);
                demux_serial = seek->serial;
                end_of_input = false;
                continue;
            }
            if (end_of_input || read_ahead_is_full()) {
                demux_signal.wait_for_change(seen_generation, kDemuxRestTimeout);
                continue;
            }
            if (variants && stall_seen.exchange(false)) {
                if (auto change = variants->on_stall(seconds_now())) switch_variant(std::move(*change), continuity);
            }
            const double read_started_s = seconds_now();
            interrupt.arm(options.read_timeout_ms);
            const int status = av_read_frame(format.get(), packet.get());
            interrupt.disarm();
            if (stopping) break;
            if (variants && status >= 0) {
                const double now_s = seconds_now();
                if (auto change = variants->on_read(packet->size, now_s - read_started_s, now_s)) {
                    switch_variant(std::move(*change), continuity);
                }
            }
            if (status == AVERROR(EAGAIN)) {
                demux_signal.wait_for_change(seen_generation, kDemuxRetryPause);
                continue;
            }
            if (status < 0) {
                const std::string_view code = read_error_code(status, interrupt.timed_out(), remote);
                if (!code.empty()) {
                    fail(code, "reading " + url + " failed: " + failure_reason(status, options.read_timeout_ms));
                    break;
                }
                const bool input_over =
                    status == AVERROR_EOF || format->pb == nullptr || avio_feof(format->pb) || format->pb->error != 0;
                if (!input_over && ++consecutive_read_errors < kMaxConsecutiveReadErrors) continue;  // resync
                if (status != AVERROR_EOF) {
                    log::warning("player", "reading " + url + " stopped (" + describe_av_error(status) +
                                               "); playing what was read");
                }
                mark_end_of_input(demux_serial);
                end_of_input = true;
                continue;
            }
            consecutive_read_errors = 0;
            if (variants && !continuity.admit(*packet, *format->streams[packet->stream_index], video_stream,
                                              audio_stream)) {
                av_packet_unref(packet.get());
                continue;
            }
            if (packet->stream_index == video_stream) {
                video_packets.push(std::move(packet), demux_serial);
                packet.reset(av_packet_alloc());
            } else if (has_audio && packet->stream_index == audio_stream) {
                audio_packets.push(std::move(packet), demux_serial);
                packet.reset(av_packet_alloc());
            } else if (subtitles.wants(packet->stream_index)) {
                subtitles.decode(*packet, *format->streams[packet->stream_index], start_offset_s);
                av_packet_unref(packet.get());
            } else {
                av_packet_unref(packet.get());
            }
        }
    }

    // ---------------------------------------------------------------- HLS variants (demux thread)

    static double seconds_now() {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }

    // Where the old variant's packets ended, so that the new one's overlap is not played twice.
    struct VariantContinuity {
        bool switching = false;         // the new video stream starts at its next key frame
        double video_end_s = -std::numeric_limits<double>::infinity();  // stream time of packets handed on
        double audio_end_s = -std::numeric_limits<double>::infinity();

        // Whether to hand the packet on (false: drop it); keeps track of how far each stream got.
        bool admit(const AVPacket& packet, const AVStream& stream, int video_index, int audio_index) {
            const double tb = av_q2d(stream.time_base);
            const double pts_s = packet.pts != AV_NOPTS_VALUE ? static_cast<double>(packet.pts) * tb : NAN;
            const double end_s = pts_s + (packet.duration > 0 ? static_cast<double>(packet.duration) * tb : 0.0);
            if (packet.stream_index == video_index) {
                if (switching && (packet.flags & AV_PKT_FLAG_KEY) == 0) return false;
                switching = false;
                if (std::isfinite(pts_s)) video_end_s = std::max(video_end_s, pts_s);
                return true;
            }
            if (packet.stream_index == audio_index) {
                if (std::isfinite(pts_s) && pts_s < audio_end_s - 0.001) return false;  // already played
                if (std::isfinite(end_s)) audio_end_s = std::max(audio_end_s, end_s);
            }
            return true;
        }
    };

    void switch_variant(nlohmann::json fields, VariantContinuity& continuity) {
        variants->apply(*format, subtitle_stream_indexes());
        video_stream = variants->current().video_stream;
        audio_stream = has_audio ? variants->current().audio_stream : -1;
        // Pictures of the new variant up to the last one handed on are decoded but not shown.
        video_floor_s = continuity.video_end_s - start_offset_s;
        continuity.switching = true;
        log::info("player", "HLS variant " + fields.dump());
        emit("variant", std::move(fields));
    }

    std::vector<int> subtitle_stream_indexes() const {
        std::vector<int> indexes;
        for (unsigned index = 0; index < format->nb_streams; ++index) {
            if (subtitles.wants(static_cast<int>(index))) indexes.push_back(static_cast<int>(index));
        }
        return indexes;
    }

    // ---------------------------------------------------------------- video decode thread

    void run_video_decoder() {
        AVCodecContext* context = video_decoder.context.get();
        const AVRational time_base = video_time_base;
        FramePtr decoded(av_frame_alloc());
        if (!decoded) return;
        VideoFrameConverter converter;
        uint64_t decoder_serial = kNoSerial;
        std::optional<double> seek_target;
        double expected_pts_s = 0;
        int consecutive_errors = 0;
        bool drained = false;
        std::optional<double> last_output_pts_s;  // of this serial
        bool skipped_since_output = false;

        const auto count_error = [&](int status) {
            if (++consecutive_errors < kMaxConsecutiveDecodeErrors) return true;
            fail("corrupt", "the video of " + url + " cannot be decoded: " + describe_av_error(status));
            return false;
        };
        // Takes every picture the decoder has ready; false when the thread should stop.
        const auto receive_pictures = [&]() {
            while (true) {
                const int status = avcodec_receive_frame(context, decoded.get());
                if (status == AVERROR(EAGAIN)) return true;
                if (status == AVERROR_EOF) {
                    video_finished_serial = decoder_serial;
                    wake_main();
                    return true;
                }
                if (status < 0) return count_error(status);
                consecutive_errors = 0;
                double pts_s = seconds_from_timestamp(decoded->best_effort_timestamp, time_base) - start_offset_s;
                if (!std::isfinite(pts_s)) pts_s = expected_pts_s;
                const double shown_for_s = decoded->pkt_duration > 0
                                               ? seconds_from_timestamp(decoded->pkt_duration, time_base)
                                               : frame_duration_s;
                expected_pts_s = pts_s + shown_for_s;
                if (skipped_since_output && last_output_pts_s) {
                    // Pictures the decoder left out count as dropped, like those dropped at the screen.
                    const double gap = (pts_s - *last_output_pts_s) / std::max(frame_duration_s, 1e-3);
                    for (long missing = std::lround(gap) - 1; missing > 0; --missing) count_dropped();
                }
                skipped_since_output = false;
                last_output_pts_s = pts_s;
                if (seek_target) {
                    if (ends_before_seek_target(pts_s, shown_for_s, *seek_target)) {
                        av_frame_unref(decoded.get());
                        continue;
                    }
                    seek_target.reset();
                }
                if (pts_s <= video_floor_s.load() + 0.001) {  // overlap after an HLS variant switch
                    av_frame_unref(decoded.get());
                    continue;
                }
                std::shared_ptr<VideoFrame> picture = converter.convert(*decoded);
                av_frame_unref(decoded.get());
                if (!picture) continue;
                picture->pts_s = pts_s;
                picture->serial = decoder_serial;
                bool became_non_empty = false;
                if (!frames.push(std::move(picture), became_non_empty)) return false;
                if (became_non_empty) wake_main();
            }
        };

        while (auto queued = video_packets.pop()) {
            if (queued->serial != decoder_serial) {
                if (decoder_serial != kNoSerial) avcodec_flush_buffers(context);
                decoder_serial = queued->serial;
                seek_target = accurate_seek_target_for(decoder_serial);
                expected_pts_s = seek_target.value_or(0);
                consecutive_errors = 0;
                drained = false;
                video_late = false;
                last_output_pts_s.reset();
            }
            if (drained) continue;
            drained = !queued->packet;
            const bool skip = video_late.load();
            context->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
            skipped_since_output = skipped_since_output || skip;
            int status = avcodec_send_packet(context, queued->packet.get());
            if (status == AVERROR(EAGAIN)) {
                if (!receive_pictures()) return;
                status = avcodec_send_packet(context, queued->packet.get());
            }
            if (status < 0 && status != AVERROR_EOF && status != AVERROR(EAGAIN) && !count_error(status)) return;
            if (!receive_pictures()) return;
        }
    }

    // ---------------------------------------------------------------- audio decode thread

    void run_audio_decoder() {
        AVCodecContext* context = audio_decoder.get();
        const AVRational time_base = audio_time_base;
        FramePtr decoded(av_frame_alloc());
        if (!decoded) return;
        ResamplerPtr resampler;
        AVChannelLayout resampler_input_layout{};
        int resampler_input_rate = 0;
        int resampler_input_format = -1;
        AVChannelLayout stereo{};
        av_channel_layout_default(&stereo, AudioOutput::kChannels);
        uint64_t decoder_serial = kNoSerial;
        std::optional<double> seek_target;
        double expected_pts_s = 0;
        bool drained = false;

        // Keeps a resampler matching the decoder's current output; false when none can be made.
        const auto ensure_resampler = [&](const AVFrame& frame) {
            AVChannelLayout layout{};
            if (frame.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame.ch_layout.nb_channels == 0) {
                av_channel_layout_default(&layout, std::max(1, frame.ch_layout.nb_channels));
            } else if (av_channel_layout_copy(&layout, &frame.ch_layout) < 0) {
                return false;
            }
            if (resampler && av_channel_layout_compare(&layout, &resampler_input_layout) == 0 &&
                frame.sample_rate == resampler_input_rate && frame.format == resampler_input_format) {
                av_channel_layout_uninit(&layout);
                return true;
            }
            SwrContext* raw = nullptr;
            const int status =
                swr_alloc_set_opts2(&raw, &stereo, AV_SAMPLE_FMT_FLT, AudioOutput::kSampleRate, &layout,
                                    static_cast<AVSampleFormat>(frame.format), frame.sample_rate, 0, nullptr);
            resampler.reset(raw);
            if (status < 0 || swr_init(resampler.get()) < 0) {
                resampler.reset();
                av_channel_layout_uninit(&layout);
                return false;
            }
            av_channel_layout_uninit(&resampler_input_layout);
            resampler_input_layout = layout;  // takes over what layout owned
            resampler_input_rate = frame.sample_rate;
            resampler_input_format = frame.format;
            return true;
        };

        // Resamples one decoded frame into a chunk and queues it; false when the thread should stop.
        const auto queue_samples = [&](const AVFrame& frame) {
            if (!ensure_resampler(frame)) return true;  // skip what cannot be converted
            double pts_s = seconds_from_timestamp(frame.best_effort_timestamp, time_base) - start_offset_s;
            if (!std::isfinite(pts_s)) pts_s = expected_pts_s;
            const double buffered_s = static_cast<double>(swr_get_delay(resampler.get(), AudioOutput::kSampleRate)) /
                                      AudioOutput::kSampleRate;
            const int capacity = swr_get_out_samples(resampler.get(), frame.nb_samples);
            if (capacity <= 0) return true;
            PcmChunk chunk;
            chunk.samples.resize(static_cast<size_t>(capacity) * AudioOutput::kChannels);
            auto* output = reinterpret_cast<uint8_t*>(chunk.samples.data());
            const int converted = swr_convert(resampler.get(), &output, capacity,
                                              const_cast<const uint8_t**>(frame.extended_data), frame.nb_samples);
            if (converted <= 0) return true;
            chunk.samples.resize(static_cast<size_t>(converted) * AudioOutput::kChannels);
            chunk.pts_s = pts_s - buffered_s;
            chunk.serial = decoder_serial;
            const double chunk_end_s = chunk.pts_s + static_cast<double>(converted) / AudioOutput::kSampleRate;
            expected_pts_s = chunk_end_s;
            if (seek_target) {
                if (chunk_end_s <= *seek_target) return true;
                if (chunk.pts_s < *seek_target) {
                    const auto skipped =
                        static_cast<size_t>(std::llround((*seek_target - chunk.pts_s) * AudioOutput::kSampleRate));
                    const size_t skipped_values = std::min(skipped * AudioOutput::kChannels, chunk.samples.size());
                    chunk.samples.erase(chunk.samples.begin(),
                                        chunk.samples.begin() + static_cast<ptrdiff_t>(skipped_values));
                    chunk.pts_s = *seek_target;
                }
                seek_target.reset();
            }
            return pcm.push(std::move(chunk));
        };

        const auto receive_samples = [&]() {
            while (true) {
                const int status = avcodec_receive_frame(context, decoded.get());
                if (status == AVERROR(EAGAIN)) return true;
                if (status == AVERROR_EOF) {
                    audio_finished_serial = decoder_serial;
                    return true;
                }
                if (status < 0) return true;  // a damaged audio frame is skipped
                const bool keep_going = queue_samples(*decoded);
                av_frame_unref(decoded.get());
                if (!keep_going) return false;
            }
        };

        bool running = true;
        while (running) {
            auto queued = audio_packets.pop();
            if (!queued) break;
            if (queued->serial != decoder_serial) {
                if (decoder_serial != kNoSerial) avcodec_flush_buffers(context);
                decoder_serial = queued->serial;
                seek_target = accurate_seek_target_for(decoder_serial);
                expected_pts_s = seek_target.value_or(0);
                drained = false;
            }
            if (drained) continue;
            drained = !queued->packet;
            int status = avcodec_send_packet(context, queued->packet.get());
            if (status == AVERROR(EAGAIN)) {
                if (!receive_samples()) break;
                status = avcodec_send_packet(context, queued->packet.get());
            }
            running = receive_samples();
        }
        av_channel_layout_uninit(&resampler_input_layout);
        av_channel_layout_uninit(&stereo);
    }

    // ---------------------------------------------------------------- audio output thread

    void fill_audio(float* out, int frame_count) {
        const double now_s = milliseconds_to_seconds(monotonic_ms());
        const uint64_t current = serial.load();
        const bool finished_before_read = audio_finished_serial.load() == current;
        const PcmQueue::ReadResult read = pcm.read(out, frame_count, current);
        const size_t written_values = static_cast<size_t>(read.frames) * AudioOutput::kChannels;
        const float gain = muted ? 0.0f : std::clamp(volume.load(), 0.0f, 1.0f);
        if (gain != 1.0f) {
            for (size_t index = 0; index < written_values; ++index) out[index] *= gain;
        }
        std::fill(out + written_values, out + static_cast<size_t>(frame_count) * AudioOutput::kChannels, 0.0f);

        if (read.frames > 0) {
            set_clock(audio_clock_from_callback(read.first_pts_s, audio_buffer_s), current, now_s);
            last_audio_end_pts_s = read.end_pts_s;
            last_audio_serial = current;
            const bool first_of_serial = audio_started_serial.exchange(current) != current;
            const bool recovered = audio_underrun.exchange(false);
            if (first_of_serial || recovered) wake_main();
            return;
        }
        if (finished_before_read) {
            if (audio_drained_serial.exchange(current) != current) wake_main();
            return;  // the clock runs on by itself for whatever video is left
        }
        if (audio_started_serial.load() == current && last_audio_serial == current) {
            // Ran dry in the middle: hold the clock where the sound stopped until data comes again.
            set_clock(audio_clock_from_callback(last_audio_end_pts_s, audio_buffer_s), current, now_s);
            if (!audio_underrun.exchange(true)) wake_main();
        }
    }

    // ---------------------------------------------------------------- main thread

    void record_shown(const VideoFrame& frame, std::optional<double> sync_error_ms, double now_s) {
        std::optional<double> window_max_ms;
        {
            std::lock_guard lock(stats_mutex);
            ++frames_shown;
            if (sync_error_ms) {
                sync_errors.add(*sync_error_ms);
                window_max_ms = sync_window.add(*sync_error_ms, now_s);
            }
        }
        last_shown_pts_s = frame.pts_s;
        if (!first_frame_reported) {
            first_frame_reported = true;
            emit("first_video_frame", {{"pts_s", frame.pts_s}, {"ms_since_open", ms_since_open()}});
        }
        if (window_max_ms) emit("av_sync", {{"max_ms", *window_max_ms}});
    }

    void release_audio() {
        if (audio_released.exchange(true)) return;
        pause_output_unless_playing();
    }

    void count_dropped() {
        std::lock_guard lock(stats_mutex);
        ++frames_dropped;
    }

    void report_stall(bool stalled) {
        if (stalled == stall_reported) return;
        stall_reported = stalled;
        if (stalled && variants.has_value()) {
            stall_seen = true;
            demux_signal.notify();
        }
        emit(stalled ? "stall_start" : "stall_end", {{"position_s", last_shown_pts_s}});
    }

    nlohmann::json end_fields(std::string_view reason) const {
        std::lock_guard lock(stats_mutex);
        return {{"reason", reason},
                {"frames_shown", frames_shown},
                {"frames_dropped", frames_dropped},
                {"av_sync_p99_ms", sync_errors.percentile_ms(0.99)}};
    }

    void enter_ended(double now_s) {
        {
            std::lock_guard lock(state_mutex);
            if (state != PlayerState::Playing) return;
            state = next_player_state(state, PlayerInput::ReachedEnd);
        }
        pause_output_unless_playing();
        {
            std::lock_guard lock(clock_mutex);
            clock.set_paused(true, now_s);
        }
        report_stall(false);
        end_reported = true;
        emit("playback_end", end_fields("ended"));
    }

    std::shared_ptr<const VideoFrame> take_due_frame(uint64_t now_ms, std::optional<uint64_t>& next_call_ms) {
        next_call_ms.reset();
        PlayerState current_state;
        {
            std::lock_guard lock(state_mutex);
            current_state = state;
        }
        if (current_state == PlayerState::Opening || current_state == PlayerState::Failed) return nullptr;
        const uint64_t current = serial.load();
        const double now_s = milliseconds_to_seconds(now_ms);
        frames.discard_stale(current);
        if (!first_audio_reported && audio_started_serial.load() != kNoSerial) {
            first_audio_reported = true;
            emit("first_audio", {{"ms_since_open", ms_since_open()}});
        }
        if (current_state == PlayerState::Ended) return nullptr;
        const bool paused = current_state == PlayerState::Paused;
        if (has_audio && !paused && audio_started_serial.load() == current) report_stall(audio_underrun.load());

        std::shared_ptr<const VideoFrame> chosen;
        std::optional<double> sync_error_ms;
        std::optional<double> master = read_clock(current, now_s);
        if (shown_serial != current) {
            // Nothing shown since the start or the latest seek: show the first picture at once (a seek while paused
            // shows where it landed), then pace the rest against the clock.
            chosen = frames.peek(0);
            if (!chosen && video_finished_serial.load() == current) release_audio();  // no picture is coming
            if (chosen) {
                frames.pop_front();
                release_audio();
                shown_serial = current;
                serial_first_shown_at_s = now_s;
                const bool audio_will_set_clock = has_audio && !paused && audio_finished_serial.load() != current;
                if (!master && !audio_will_set_clock) {
                    set_clock(chosen->pts_s, current, now_s);
                    master = read_clock(current, now_s);
                }
                if (current != 0) emit("seek_done", {{"position_s", chosen->pts_s}});
            } else if (video_finished_serial.load() != current) {
                return nullptr;  // the decoder wakes us with the first picture
            }
            if (!master) next_call_ms = now_ms + kClockPollMs;  // the audio clock of this position is on its way
        } else {
            if (paused) return nullptr;
            if (!master) {
                const bool audio_gave_up = !has_audio || audio_finished_serial.load() == current ||
                                           now_s - serial_first_shown_at_s >= kAudioClockGrace_s;
                if (!audio_gave_up) {
                    next_call_ms = now_ms + kClockPollMs;
                    return nullptr;
                }
                set_clock(last_shown_pts_s, current, now_s);
                master = read_clock(current, now_s);
            }
        }

        if (master && !paused) {
            while (auto frame = frames.peek(0)) {
                const auto behind = frames.peek(1);
                const FrameDecision decision =
                    decide_frame(frame->pts_s, behind ? std::optional(behind->pts_s) : std::nullopt, *master, now_s);
                if (decision.action == FrameAction::Wait) {
                    next_call_ms = seconds_to_milliseconds_ceil(decision.wait_until_s);
                    if (*next_call_ms <= now_ms) next_call_ms = now_ms + 1;
                    break;
                }
                frames.pop_front();
                if (decision.action == FrameAction::Drop) {
                    count_dropped();
                    continue;
                }
                if (chosen) count_dropped();  // an older due picture (a seek preview) replaced by this one
                chosen = std::move(frame);
                sync_error_ms = std::fabs(*master - chosen->pts_s) * 1000.0;
                const double late_s = *master - chosen->pts_s;
                if (late_s > kLateSkipStart_s) video_late = true;
                if (late_s < kLateSkipStop_s) video_late = false;
            }
        }

        if (chosen) {
            if (!has_audio) report_stall(false);
            record_shown(*chosen, sync_error_ms, now_s);
        }
        if (paused || frames.size() > 0) return chosen;

        // Nothing queued: the end, a decoder that is behind, or (video only) a stream that ran dry.
        if (video_finished_serial.load() == current) {
            const bool audio_done = !has_audio || audio_drained_serial.load() == current;
            const bool shown_in_serial = shown_serial == current;
            const double end_s = last_shown_pts_s + frame_duration_s;
            if (audio_done && (!shown_in_serial || !master || *master >= end_s)) {
                enter_ended(now_s);
                return chosen;
            }
            const double remaining_s = master && shown_in_serial ? end_s - *master : 0.1;
            next_call_ms = now_ms + std::clamp<uint64_t>(seconds_to_milliseconds_ceil(remaining_s), 1, 100);
            return chosen;
        }
        if (!has_audio && master) {
            if (video_ran_dry(false, *master, last_shown_pts_s, frame_duration_s)) {
                report_stall(true);
                set_clock(last_shown_pts_s + frame_duration_s, current, now_s);  // hold until pictures come again
            } else {
                const double dry_at_s = last_shown_pts_s + kStallFrameDurations * frame_duration_s;
                next_call_ms = now_ms + std::max<uint64_t>(1, seconds_to_milliseconds_ceil(dry_at_s - *master));
            }
        }
        return chosen;
    }

    // ---------------------------------------------------------------- seeking (any thread)

    void request_seek(double seconds, std::optional<double> from_s) {
        uint64_t new_serial = 0;
        {
            std::lock_guard lock(state_mutex);
            if (state == PlayerState::Failed) return;
            const double target = clamp_seek_target(seconds, duration_s);
            new_serial = serial.load() + 1;
            serial = new_serial;
            seek_requested = true;
            seek_target_s = target;
            seek_from_s = from_s;
            pending_position_s = target;
            if (state == PlayerState::Ended) {
                state = next_player_state(state, PlayerInput::Seek);
                end_reported = false;
                std::lock_guard clock_lock(clock_mutex);
                clock.set_paused(false, milliseconds_to_seconds(monotonic_ms()));
            }
        }
        pause_output_unless_playing();
        frames.discard_stale(new_serial);
        pcm.discard_stale(new_serial);
        demux_signal.notify();
    }

    // ---------------------------------------------------------------- shutdown

    void shut_down() {
        stopping = true;
        interrupt.abort();
        demux_signal.notify();
        if (demux_thread.joinable()) demux_thread.join();
        stop_pipeline();
        if (video_thread.joinable()) video_thread.join();
        if (audio_thread.joinable()) audio_thread.join();
        std::unique_ptr<AudioOutput> output;
        PlayerState final_state;
        {
            std::lock_guard output_lock(output_mutex);
            std::lock_guard lock(state_mutex);
            output = std::move(audio_output);
            final_state = state;
        }
        output.reset();  // no more callbacks after this
        if (!end_reported) emit("playback_end", end_fields(final_state == PlayerState::Failed ? "failed" : "stopped"));
    }
};

Player::Player(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<Player> Player::open(std::string url, PlayerOptions options) {
    std::unique_ptr<Player> player(new Player(std::make_unique<Impl>(std::move(url), std::move(options))));
    Impl* impl = player->impl_.get();
    impl->demux_thread = std::thread([impl] { impl->run_demux(); });
    return player;
}

Player::~Player() {
    impl_->shut_down();
}

PlayerState Player::state() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->state;
}

std::string Player::error_code() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->error_code;
}

std::string Player::error_message() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->error_message;
}

double Player::duration_s() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->duration_s;
}

double Player::position_s() const {
    const uint64_t current = impl_->serial.load();
    const auto clock = impl_->read_clock(current, milliseconds_to_seconds(monotonic_ms()));
    if (!clock) return impl_->pending_position_s.load();
    return clamp_seek_target(*clock, duration_s());
}

void Player::toggle_pause() {
    const double now_s = milliseconds_to_seconds(monotonic_ms());
    std::unique_lock lock(impl_->state_mutex);
    const PlayerState before = impl_->state;
    const PlayerState after = next_player_state(before, PlayerInput::TogglePause);
    if (after == before) return;
    impl_->state = after;
    const bool pausing = after == PlayerState::Paused;
    {
        std::lock_guard clock_lock(impl_->clock_mutex);
        impl_->clock.set_paused(pausing, now_s);
    }
    lock.unlock();
    impl_->pause_output_unless_playing();
}

void Player::seek_to(double seconds) {
    impl_->request_seek(seconds, std::nullopt);
}

void Player::seek_by(double delta_seconds) {
    const double from = position_s();
    impl_->request_seek(from + delta_seconds, from);
}

void Player::set_volume(float volume) {
    impl_->volume = std::clamp(volume, 0.0f, 1.0f);
}

void Player::set_muted(bool muted) {
    impl_->muted = muted;
}

std::shared_ptr<const VideoFrame> Player::take_due_frame(uint64_t now_ms, std::optional<uint64_t>& next_call_ms) {
    return impl_->take_due_frame(now_ms, next_call_ms);
}

std::vector<std::string> Player::subtitle_texts(std::string_view language, double at_s) const {
    return impl_->subtitles.texts_at(language, at_s);
}

Player::Stats Player::stats() const {
    std::lock_guard lock(impl_->stats_mutex);
    return {impl_->frames_shown, impl_->frames_dropped, impl_->sync_errors.percentile_ms(0.99)};
}

}  // namespace fl::media
