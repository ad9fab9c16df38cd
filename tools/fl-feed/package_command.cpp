// fl-feed package: ffmpeg turns each programme into HLS renditions, an MP4 for download, a thumbnail and WebVTT captions; sizes and sha256 filled in.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "arguments.h"
#include "commands.h"
#include "core/files.h"
#include "feed/catalog.h"
#include "subprocess.h"

namespace fl::feed_tool {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int kThumbnailW = 640, kThumbnailH = 360;
constexpr int kRenditionHeights[] = {360, 720, 1080};

struct Probe {
    int height = 0;
    double duration_s = 0;
    bool has_audio = false;
};

bool probe(const std::string& media, Probe& out) {
    int status = 0;
    const std::string text = capture_program({"ffprobe", "-v", "error", "-show_entries", "stream=codec_type,height",
                                              "-show_entries", "format=duration", "-of", "default=nw=1", media},
                                             status);
    if (status != 0) return false;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.starts_with("height=") && out.height == 0) out.height = std::atoi(line.c_str() + 7);
        if (line == "codec_type=audio") out.has_audio = true;
        if (line.starts_with("duration=")) out.duration_s = std::atof(line.c_str() + 9);
    }
    return out.height > 0 && out.duration_s > 0;
}

std::string slug(const std::string& stem) {
    std::string id;
    for (char c : stem) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool plain = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
        if (plain) {
            id += lower;
        } else if (!id.empty() && id.back() != '-') {
            id += '-';
        }
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id.substr(0, 64);
}

// sha256 (hex) and size of a file.
bool file_facts(const std::string& path, std::string& sha256, int64_t& bytes) {
    auto content = read_file(path);
    if (!content || sodium_init() < 0) return false;
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(content.value().data()), content.value().size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    sha256 = hex;
    bytes = static_cast<int64_t>(content.value().size());
    return true;
}

ordered_json file_entry(const std::string& path, const std::string& url) {
    std::string sha256;
    int64_t bytes = 0;
    file_facts(path, sha256, bytes);
    ordered_json entry = ordered_json::object();
    entry["url"] = url;
    entry["sha256"] = sha256;
    entry["bytes"] = bytes;
    return entry;
}

int ffmpeg(std::vector<std::string> args) {
    args.insert(args.begin(), {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"});
    return run_program(args);
}

// The caption file for a language next to the media (NAME.mn.vtt, NAME.mn.srt, ...), or "".
std::string caption_source(const fs::path& media, const std::string& suffix) {
    for (const char* extension : {".vtt", ".srt"}) {
        fs::path candidate = media.parent_path() / (media.stem().string() + "." + suffix + extension);
        if (fs::exists(candidate)) return candidate.string();
    }
    return {};
}

// Adds the RFC 8216 X-TIMESTAMP-MAP header (MPEG-TS segments start at 1.4 s, ffmpeg's default) after "WEBVTT".
bool write_hls_webvtt(const std::string& from, const std::string& to) {
    auto text = read_file(from);
    if (!text) return false;
    std::string vtt = text.value();
    const std::size_t line_end = vtt.find('\n');
    if (!vtt.starts_with("WEBVTT") || line_end == std::string::npos) return false;
    vtt.insert(line_end + 1, "X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n");
    return write_file_atomically(to, vtt).ok();
}

// Declares the subtitle renditions in the master playlist, with their LANGUAGE, and links every variant to them.
bool patch_master_playlist(const std::string& path, const std::vector<std::pair<std::string, std::string>>& tracks) {
    auto text = read_file(path);
    if (!text || tracks.empty()) return text.ok();
    std::string media_lines;
    for (const auto& [lang, uri] : tracks) {
        const std::string name = lang == "mn-Mong" ? "Mongolian" : "Chinese";
        media_lines += "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"" + name + "\",LANGUAGE=\"" + lang +
                       "\",DEFAULT=NO,AUTOSELECT=YES,URI=\"" + uri + "\"\n";
    }
    std::string out;
    std::size_t start = 0;
    bool inserted = false;
    const std::string& in = text.value();
    while (start < in.size()) {
        const std::size_t end = std::min(in.find('\n', start), in.size());
        std::string line = in.substr(start, end - start);
        start = end + 1;
        if (line.starts_with("#EXT-X-STREAM-INF:")) {
            if (!inserted) {
                out += media_lines;
                inserted = true;
            }
            line += ",SUBTITLES=\"subs\"";
        }
        out += line + "\n";
    }
    return write_file_atomically(path, out).ok();
}

std::string subtitle_playlist(double duration_s, const std::string& vtt_name) {
    const int target = static_cast<int>(std::ceil(duration_s));
    char extinf[64];
    std::snprintf(extinf, sizeof extinf, "#EXTINF:%.3f,\n", duration_s);
    return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + std::to_string(target) +
           "\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MEDIA-SEQUENCE:0\n" + extinf + vtt_name + "\n#EXT-X-ENDLIST\n";
}

int package_one(const fs::path& media, const std::string& id, const fs::path& out_root, const std::string& base_url) {
    Probe facts;
    if (!probe(media.string(), facts)) {
        std::fprintf(stderr, "%s: not a video ffprobe can read / 无法读取的视频文件\n", media.c_str());
        return kProblems;
    }
    const fs::path dir = out_root / id;
    fs::create_directories(dir / "hls" / "subs");
    fs::create_directories(dir / "subs");
    const std::string prefix = base_url.empty() ? id + "/" : base_url + "/" + id + "/";

    // HLS renditions: every standard height up to the source's.
    std::vector<int> heights;
    for (int h : kRenditionHeights) {
        if (h <= facts.height) heights.push_back(h);
    }
    if (heights.empty()) heights.push_back(facts.height - facts.height % 2);
    std::string filter = "[0:v]split=" + std::to_string(heights.size());
    for (std::size_t i = 0; i < heights.size(); ++i) filter += "[s" + std::to_string(i) + "]";
    std::vector<std::string> args = {"-i", media.string()};
    std::string stream_map;
    std::vector<std::string> maps;
    for (std::size_t i = 0; i < heights.size(); ++i) {
        const std::string n = std::to_string(i);
        filter += ";[s" + n + "]scale=-2:" + std::to_string(heights[i]) + "[v" + n + "]";
        maps.insert(maps.end(), {"-map", "[v" + n + "]"});
        if (facts.has_audio) maps.insert(maps.end(), {"-map", "0:a:0"});
        stream_map += (i ? " " : "") + std::string("v:") + n + (facts.has_audio ? ",a:" + n : "");
        const int kbps = heights[i] >= 1080 ? 4500 : heights[i] >= 720 ? 2500 : 800;
        args.insert(args.end(), {"-b:v:" + n, std::to_string(kbps) + "k", "-maxrate:v:" + n,
                                 std::to_string(kbps * 3 / 2) + "k", "-bufsize:v:" + n, std::to_string(kbps * 2) + "k"});
    }
    args.insert(args.end(), {"-filter_complex", filter});
    args.insert(args.end(), maps.begin(), maps.end());
    args.insert(args.end(), {"-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-keyint_min", "50", "-sc_threshold",
                             "0", "-pix_fmt", "yuv420p"});
    if (facts.has_audio) args.insert(args.end(), {"-c:a", "aac", "-b:a", "128k", "-ac", "2"});
    args.insert(args.end(), {"-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod", "-hls_segment_filename",
                             (dir / "hls" / "%v" / "seg%03d.ts").string(), "-master_pl_name", "master.m3u8",
                             "-var_stream_map", stream_map, (dir / "hls" / "%v" / "index.m3u8").string()});
    if (ffmpeg(args) != 0) {
        std::fprintf(stderr, "%s: ffmpeg failed making HLS / 生成 HLS 失败\n", media.c_str());
        return kUsage;
    }

    // The MP4 download (at most 1080 lines, index first for streaming) and the thumbnail.
    const int download_height = std::min(facts.height - facts.height % 2, 1080);
    const std::string mp4 = (dir / (id + ".mp4")).string();
    std::vector<std::string> mp4_args = {"-i", media.string(), "-vf", "scale=-2:" + std::to_string(download_height),
                                         "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"};
    if (facts.has_audio) mp4_args.insert(mp4_args.end(), {"-c:a", "aac", "-b:a", "128k"});
    mp4_args.insert(mp4_args.end(), {"-movflags", "+faststart", mp4});
    const std::string thumb = (dir / "thumb.jpg").string();
    char at[32];
    std::snprintf(at, sizeof at, "%.3f", facts.duration_s * 0.1);
    if (ffmpeg(mp4_args) != 0 ||
        ffmpeg({"-ss", at, "-i", media.string(), "-frames:v", "1", "-vf",
                "scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2", thumb}) != 0) {
        std::fprintf(stderr, "%s: ffmpeg failed making the MP4 or thumbnail / 生成 MP4 或缩略图失败\n", media.c_str());
        return kUsage;
    }

    // Captions: WebVTT for download, and the same with a timestamp map as HLS subtitle renditions.
    ordered_json captions = ordered_json::array();
    std::vector<std::pair<std::string, std::string>> tracks;
    for (const auto& [suffix, lang] : {std::pair{"mn", "mn-Mong"}, std::pair{"zh", "zh-Hans"}}) {
        const std::string source = caption_source(media, suffix);
        if (source.empty()) continue;
        const std::string vtt = (dir / "subs" / (std::string(suffix) + ".vtt")).string();
        if (ffmpeg({"-i", source, "-c:s", "webvtt", "-f", "webvtt", vtt}) != 0 ||
            !write_hls_webvtt(vtt, (dir / "hls" / "subs" / (std::string(suffix) + ".vtt")).string()) ||
            !write_file_atomically((dir / "hls" / "subs" / (std::string(suffix) + ".m3u8")).string(),
                                   subtitle_playlist(facts.duration_s, std::string(suffix) + ".vtt"))) {
            std::fprintf(stderr, "%s: cannot convert the captions to WebVTT / 字幕转换失败\n", source.c_str());
            return kUsage;
        }
        tracks.emplace_back(lang, "subs/" + std::string(suffix) + ".m3u8");
        ordered_json caption = ordered_json::object();
        caption["lang"] = lang;
        const ordered_json facts_entry = file_entry(vtt, prefix + "subs/" + suffix + ".vtt");
        caption.update(facts_entry);
        captions.push_back(caption);
    }
    if (!patch_master_playlist((dir / "hls" / "master.m3u8").string(), tracks)) {
        std::fprintf(stderr, "%s: cannot add the subtitles to master.m3u8 / 无法修改主播放列表\n", media.c_str());
        return kUsage;
    }

    ordered_json item = ordered_json::object();
    item["id"] = id;
    item["duration_s"] = std::max(1, static_cast<int>(std::lround(facts.duration_s)));
    ordered_json thumbnail = file_entry(thumb, prefix + "thumb.jpg");
    thumbnail["w"] = kThumbnailW;
    thumbnail["h"] = kThumbnailH;
    item["thumbnail"] = thumbnail;
    item["stream"] = ordered_json{{"hls", prefix + "hls/master.m3u8"}};
    ordered_json download = file_entry(mp4, prefix + id + ".mp4");
    download["height"] = download_height;
    item["download"] = download;
    if (!captions.empty()) item["captions"] = captions;
    const std::string fragment = item.dump(2, ' ', false) + "\n";
    if (!write_file_atomically((dir / "item.json").string(), fragment)) return kUsage;
    std::printf("%s -> %s (add title, summary and type to this entry in the feed's items)\n%s",
                media.c_str(), (dir / "item.json").c_str(), fragment.c_str());
    return kOk;
}

}  // namespace

int package_command(const Args& args) {
    const std::string usage = "package MEDIA... -o DIR [--base-url URL] [--id ID]";
    auto parsed = parse_args(args, {"-o", "--base-url", "--id"}, {}, usage);
    if (!parsed) return kUsage;
    const auto out = parsed->value("-o");
    if (parsed->positionals.empty() || !out || (parsed->value("--id") && parsed->positionals.size() != 1)) {
        std::fprintf(stderr, "usage: fl-feed %s  (--id only with one MEDIA)\n", usage.c_str());
        return kUsage;
    }
    std::string base_url = parsed->value("--base-url").value_or("");
    while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
    int result = kOk;
    for (const std::string& media : parsed->positionals) {
        const std::string id = parsed->value("--id").value_or(slug(fs::path(media).stem().string()));
        if (!feed::is_valid_id(id)) {
            std::fprintf(stderr, "%s: \"%s\" is not a valid id; give --id / id 无效\n", media.c_str(), id.c_str());
            result = kUsage;
            continue;
        }
        result = std::max(result, package_one(media, id, *out, base_url));
    }
    return result;
}

}  // namespace fl::feed_tool
