# What arrived from the box: duration, resolution, codecs and frame continuity of a recording, read with ffprobe.
import json
import subprocess


def recording_report(path, ffprobe="ffprobe"):
    """A dict: duration_s, video {codec, width, height, frames, max_gap_s}, audio {codec, packets, max_gap_s};
    error when the file cannot be read."""
    try:
        probe = subprocess.run(
            [ffprobe, "-v", "error", "-show_entries",
             "stream=index,codec_type,codec_name,width,height:format=duration:packet=stream_index,pts_time,flags",
             "-of", "json", path], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as problem:
        return {"error": f"ffprobe failed: {problem}"}
    if probe.returncode != 0:
        return {"error": probe.stderr.decode("utf-8", "replace").strip() or "ffprobe failed"}
    data = json.loads(probe.stdout or b"{}")
    streams = {s["index"]: s for s in data.get("streams", [])}
    report = {"duration_s": float(data.get("format", {}).get("duration", 0) or 0)}
    times = {}
    for packet in data.get("packets", []):
        if packet.get("pts_time") not in (None, "N/A"):
            times.setdefault(packet["stream_index"], []).append(float(packet["pts_time"]))
    for index, stream in streams.items():
        kind = stream.get("codec_type")
        if kind not in ("video", "audio") or kind in report:
            continue
        stamps = sorted(times.get(index, []))
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        entry = {"codec": stream.get("codec_name"), "packets": len(stamps),
                 "max_gap_s": round(max(gaps), 3) if gaps else None,
                 "span_s": round(stamps[-1] - stamps[0], 3) if stamps else 0}
        if kind == "video":
            entry.update({"width": stream.get("width"), "height": stream.get("height")})
        report[kind] = entry
    return report


if __name__ == "__main__":
    import sys
    print(json.dumps(recording_report(sys.argv[1]), indent=2))
