// Subtitle streams inside the file: language tags to overlay languages, avcodec subtitle decoding, ASS text.
#include "media/embedded_subtitles.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <utility>

extern "C" {
#include <libavutil/dict.h>
}

namespace fl::media {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool is_text_subtitle(const AVCodecParameters& parameters) {
    const AVCodecDescriptor* descriptor = avcodec_descriptor_get(parameters.codec_id);
    return descriptor != nullptr && (descriptor->props & AV_CODEC_PROP_TEXT_SUB) != 0;
}

// A 32-bit display time of the decoder in ms; UINT32_MAX and 0-length mean "until the next one" (unknown).
double display_seconds(uint32_t ms) { return static_cast<double>(ms) / 1000.0; }

}  // namespace

std::optional<std::string> subtitle_language_from_tag(std::string_view tag) {
    const std::string code = lower(tag.substr(0, tag.find_first_of("-_")));
    if (code == "mon" || code == "mn" || code == "mvf") return "mn-Mong";
    if (code == "chi" || code == "zho" || code == "zh" || code == "cmn") return "zh-Hans";
    return std::nullopt;
}

std::string text_of_ass_event(std::string_view event) {
    size_t start = 0;
    for (int field = 0; field < 8; ++field) {
        const size_t comma = event.find(',', start);
        if (comma == std::string_view::npos) return {};  // not an event line
        start = comma + 1;
    }
    std::string text;
    const std::string_view body = event.substr(start);
    for (size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == 'N' || body[i + 1] == 'n')) {
            text.push_back('\n');
            ++i;
        } else if (body[i] == '\\' && i + 1 < body.size() && body[i + 1] == 'h') {
            text.push_back(' ');
            ++i;
        } else {
            text.push_back(body[i]);
        }
    }
    return plain_cue_text(text);
}

std::vector<std::string> EmbeddedSubtitles::open(const AVFormatContext& format) {
    std::vector<std::string> languages;
    for (unsigned index = 0; index < format.nb_streams; ++index) {
        const AVStream& stream = *format.streams[index];
        if (stream.codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE || !is_text_subtitle(*stream.codecpar)) continue;
        const AVDictionaryEntry* tag = av_dict_get(stream.metadata, "language", nullptr, 0);
        const auto language = subtitle_language_from_tag(tag != nullptr ? tag->value : "");
        if (!language || std::find(languages.begin(), languages.end(), *language) != languages.end()) continue;
        const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
        CodecContextPtr decoder(codec != nullptr ? avcodec_alloc_context3(codec) : nullptr);
        if (!decoder || avcodec_parameters_to_context(decoder.get(), stream.codecpar) < 0) continue;
        decoder->pkt_timebase = stream.time_base;
        if (avcodec_open2(decoder.get(), codec, nullptr) < 0) continue;
        streams_.push_back({static_cast<int>(index), *language, std::move(decoder)});
        languages.push_back(*language);
    }
    return languages;
}

bool EmbeddedSubtitles::wants(int stream_index) const {
    return std::any_of(streams_.begin(), streams_.end(), [&](const Stream& s) { return s.index == stream_index; });
}

void EmbeddedSubtitles::decode(const AVPacket& packet, const AVStream& stream, double start_offset_s) {
    const auto found =
        std::find_if(streams_.begin(), streams_.end(), [&](const Stream& s) { return s.index == packet.stream_index; });
    if (found == streams_.end() || packet.pts == AV_NOPTS_VALUE) return;
    AVSubtitle subtitle{};
    int got = 0;
    // The decoder does not keep the packet; the cast only satisfies the older signature.
    if (avcodec_decode_subtitle2(found->decoder.get(), &subtitle, &got, const_cast<AVPacket*>(&packet)) < 0 ||
        got == 0) {
        return;
    }
    const double packet_s = static_cast<double>(packet.pts) * av_q2d(stream.time_base) - start_offset_s;
    const double packet_duration_s =
        packet.duration > 0 ? static_cast<double>(packet.duration) * av_q2d(stream.time_base) : 0.0;
    Cue cue;
    cue.start_s = packet_s + display_seconds(subtitle.start_display_time);
    const bool end_known = subtitle.end_display_time > subtitle.start_display_time &&
                           subtitle.end_display_time != UINT32_MAX;
    cue.end_s = end_known ? packet_s + display_seconds(subtitle.end_display_time) : packet_s + packet_duration_s;
    for (unsigned index = 0; index < subtitle.num_rects; ++index) {
        const AVSubtitleRect& rect = *subtitle.rects[index];
        std::string text;
        if (rect.type == SUBTITLE_ASS && rect.ass != nullptr) text = text_of_ass_event(rect.ass);
        if (rect.type == SUBTITLE_TEXT && rect.text != nullptr) text = plain_cue_text(rect.text);
        if (text.empty()) continue;
        if (!cue.text.empty()) cue.text.push_back('\n');
        cue.text += text;
    }
    avsubtitle_free(&subtitle);
    if (cue.text.empty() || !std::isfinite(cue.start_s) || !(cue.end_s > cue.start_s)) return;
    add(found->language, std::move(cue));
}

void EmbeddedSubtitles::add(const std::string& language, Cue cue) {
    std::lock_guard lock(mutex_);
    Track& track = tracks_[language];
    if (track.cues.cues.size() >= kMaxCues) return;
    const auto start_ms = std::llround(cue.start_s * 1000.0);
    if (!track.seen.emplace(start_ms, std::hash<std::string>{}(cue.text)).second) return;
    track.cues.cues.push_back(std::move(cue));
    track.indexed = false;
}

std::vector<std::string> EmbeddedSubtitles::texts_at(std::string_view language, double t) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> texts;
    const auto found = tracks_.find(language);
    if (found == tracks_.end()) return texts;
    Track& track = found->second;
    if (!track.indexed) {
        track.cues.index();
        track.indexed = true;
    }
    for (const Cue* cue : track.cues.active_at(t)) texts.push_back(cue->text);
    return texts;
}

}  // namespace fl::media
