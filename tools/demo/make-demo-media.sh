#!/usr/bin/env bash
# Generates the demo clips, thumbnails and WebVTT captions for every item of a demo catalogue with the ffmpeg CLI.
#
# Usage: make-demo-media.sh OUT_DIR CATALOG
#
# For each item ID of CATALOG it writes
#   OUT_DIR/clips/ID.mp4      H.264 yuv420p + AAC, 1280x720, 25 fps, 8 s: a lavfi test pattern tinted per
#                             category, a moving square and a bar that fills over the clip, a sine tone per item
#                             (the video is encoded once per category and muxed with each item's tone)
#   OUT_DIR/thumbs/ID.png     480x270 frame of the clip, taken at a time that depends on the item's place in
#                             its category, with a border in the category's colour
#   OUT_DIR/subs/ID.zh.vtt    3 WebVTT cues: the zh-Hans title, then the summary's sentences
#   OUT_DIR/subs/ID.mn.vtt    the same from the mn-Mong texts
# and copies CATALOG to OUT_DIR/catalog.json. No text is burned into the video, so no fonts are needed.
# Output is deterministic (bit-exact flags, fixed encoder threads); every file is written under a temporary
# name and renamed into place, and files left by earlier runs that the catalogue no longer names are removed.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 OUT_DIR CATALOG" >&2
  exit 2
fi
out_dir=$1
catalog=$2
readonly duration=8
ffmpeg_bin=${FFMPEG:-ffmpeg}
python_bin=${PYTHON3:-python3}

[ -f "$catalog" ] || { echo "error: catalogue not found: $catalog" >&2; exit 1; }
command -v "$ffmpeg_bin" >/dev/null || { echo "error: ffmpeg not found (run scripts/install-deps.sh)" >&2; exit 1; }
command -v "$python_bin" >/dev/null || { echo "error: python3 not found (run scripts/install-deps.sh)" >&2; exit 1; }

# One line per item, tab-separated: category index, place in the category, item index, id, then the 3 zh-Hans
# cues and the 3 mn-Mong cues. The catalogue's file paths must follow the naming this script writes, so the two cannot drift apart.
items_tsv=$("$python_bin" - "$catalog" "$duration" <<'PY'
import json, re, sys
catalog = json.load(open(sys.argv[1], encoding="utf-8"))
duration = int(sys.argv[2])
id_pattern = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
def fail(message):
    sys.exit(f"error: {sys.argv[1]}: {message}")
def cues(title, summary, closing, stop):
    sentences = [s.strip() for s in re.findall(rf"[^{stop}]+[{stop}]?", summary) if s.strip()]
    cue_texts = [title, sentences[0] if sentences else closing, " ".join(sentences[1:]) or closing]
    for text in cue_texts:
        if not text or "\t" in text or "\n" in text or "-->" in text:
            fail(f"text unusable as a caption cue: {text!r}")
    return cue_texts
category_of = {}
for category_index, category in enumerate(catalog["categories"]):
    for place, item_id in enumerate(category["item_ids"]):
        category_of.setdefault(item_id, (category_index, place))
publisher = catalog["publisher"]
for item_index, item in enumerate(catalog["items"]):
    item_id = item["id"]
    if not id_pattern.fullmatch(item_id):
        fail(f"bad item id {item_id!r}")
    if item_id not in category_of:
        fail(f"item {item_id} is in no category")
    if item["duration_s"] != duration:
        fail(f"item {item_id}: duration_s must be {duration}, the length of the generated clips")
    expected = {
        "download": f"clips/{item_id}.mp4",
        "thumbnail": f"thumbs/{item_id}.png",
    }
    for key, path in expected.items():
        if item[key]["url"] != path:
            fail(f"item {item_id}: {key} url must be {path}")
    caption_paths = {c["lang"]: c["url"] for c in item["captions"]}
    if caption_paths != {"mn-Mong": f"subs/{item_id}.mn.vtt", "zh-Hans": f"subs/{item_id}.zh.vtt"}:
        fail(f"item {item_id}: captions must be subs/{item_id}.mn.vtt and subs/{item_id}.zh.vtt")
    zh = cues(item["title"]["zh-Hans"], item["summary"]["zh-Hans"], publisher["zh-Hans"], "。？！")
    mn = cues(item["title"]["mn-Mong"], item["summary"]["mn-Mong"], publisher["mn-Mong"], "\u1803")
    category_index, place = category_of[item_id]
    print("\t".join([str(category_index), str(place), str(item_index), item_id] + zh + mn))
PY
)
[ -n "$items_tsv" ] || { echo "error: $catalog has no items" >&2; exit 1; }

# Per category (cycling): test pattern, hue rotation in degrees, thumbnail border colour.
patterns=(testsrc smptehdbars pal100bars rgbtestsrc smptebars yuvtestsrc)
hues=(90 30 300 200 0 150)
borders=(0x2E7D32 0xEF6C00 0xC2185B 0x1565C0 0xB71C1C 0x00897B)

mkdir -p "$out_dir/clips" "$out_dir/thumbs" "$out_dir/subs"
work_dir=$(mktemp -d "$out_dir/.work-XXXXXX")

temp_files=()
cleanup() {
  [ ${#temp_files[@]} -eq 0 ] || rm -f -- "${temp_files[@]}"
  rm -rf -- "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# temp_for FINAL: prints a temporary name in FINAL's directory that keeps FINAL's extension.
temp_for() {
  local final=$1
  local dir=${final%/*} base=${final##*/}
  printf '%s/.tmp-%s-%s' "$dir" "$$" "$base"
}

# publish TEMP FINAL: moves a finished temporary file into place (rename within one directory is atomic).
publish() {
  mv -f -- "$1" "$2"
}

ffmpeg_quiet=("$ffmpeg_bin" -nostdin -hide_banner -loglevel error -y)

bitexact=(-map_metadata -1 -fflags +bitexact -flags +bitexact)

# category_video CATEGORY: prints the path of the category's silent video, encoding it on first use.
category_video() {
  local category=$1
  local video="$work_dir/category-$category.mp4"
  if [ ! -f "$video" ]; then
    local pattern=${patterns[category % ${#patterns[@]}]} hue=${hues[category % ${#hues[@]}]}
    "${ffmpeg_quiet[@]}" \
      -f lavfi -i "$pattern=size=1280x720:rate=25:duration=$duration" \
      -f lavfi -i "color=c=white:size=96x96:rate=25:duration=$duration" \
      -f lavfi -i "color=c=yellow:size=1280x24:rate=25:duration=$duration" \
      -filter_complex "[0:v]hue=h=$hue:s=1.2[tinted];[tinted][1:v]overlay=x='mod(t*160,W-w)':y=H-160[moving];[moving][2:v]overlay=x='-W+W*t/$duration':y=H-h,format=yuv420p[video]" \
      -map "[video]" -c:v libx264 -preset ultrafast -crf 30 -threads 2 -pix_fmt yuv420p -r 25 \
      -t "$duration" "${bitexact[@]}" -f mp4 "$video.partial"
    mv -f -- "$video.partial" "$video"
  fi
  printf '%s' "$video"
}

make_clip() {
  local video=$1 index=$2 final=$3
  local frequency=$((300 + 40 * index))
  local temp
  temp=$(temp_for "$final")
  temp_files+=("$temp")
  "${ffmpeg_quiet[@]}" \
    -i "$video" \
    -f lavfi -i "sine=frequency=$frequency:sample_rate=48000:duration=$duration" \
    -map 0:v -map 1:a -c:v copy -c:a aac -b:a 96k -ac 1 \
    -t "$duration" "${bitexact[@]}" -movflags +faststart -f mp4 "$temp"
  publish "$temp" "$final"
}

make_thumbnail() {
  local category=$1 place=$2 video=$3 final=$4
  local border=${borders[category % ${#borders[@]}]} at=$((1 + 2 * (place % 4)))
  local temp
  temp=$(temp_for "$final")
  temp_files+=("$temp")
  "${ffmpeg_quiet[@]}" -ss "$at" -i "$video" -frames:v 1 \
    -vf "scale=480:270:flags=bicubic,drawbox=x=0:y=0:w=iw:h=ih:color=$border:t=12,format=rgb24" \
    "${bitexact[@]}" -c:v png -f image2 -update 1 "$temp"
  publish "$temp" "$final"
}

# write_vtt FINAL CUE1 CUE2 CUE3: a WebVTT file (UTF-8, no BOM) with the cues spread over the clip.
write_vtt() {
  local final=$1
  local temp
  temp=$(temp_for "$final")
  temp_files+=("$temp")
  {
    printf 'WEBVTT\n\n'
    printf '1\n00:00:00.000 --> 00:00:02.500\n%s\n\n' "$2"
    printf '2\n00:00:02.500 --> 00:00:05.500\n%s\n\n' "$3"
    printf '3\n00:00:05.500 --> 00:00:%02d.000\n%s\n' "$duration" "$4"
  } >"$temp"
  publish "$temp" "$final"
}

declare -A expected=()
while IFS=$'\t' read -r category place index id zh1 zh2 zh3 mn1 mn2 mn3; do
  clip="$out_dir/clips/$id.mp4"
  thumb="$out_dir/thumbs/$id.png"
  video=$(category_video "$category")
  make_clip "$video" "$index" "$clip"
  make_thumbnail "$category" "$place" "$video" "$thumb"
  write_vtt "$out_dir/subs/$id.zh.vtt" "$zh1" "$zh2" "$zh3"
  write_vtt "$out_dir/subs/$id.mn.vtt" "$mn1" "$mn2" "$mn3"
  expected["$clip"]=1 expected["$thumb"]=1
  expected["$out_dir/subs/$id.zh.vtt"]=1 expected["$out_dir/subs/$id.mn.vtt"]=1
done <<<"$items_tsv"

catalog_temp=$(temp_for "$out_dir/catalog.json")
temp_files+=("$catalog_temp")
cp -- "$catalog" "$catalog_temp"
publish "$catalog_temp" "$out_dir/catalog.json"

# Remove what the catalogue no longer names, and temporary files an interrupted run left behind.
shopt -s nullglob dotglob
for stale in "$out_dir"/.work-*; do
  [ "$stale" = "$work_dir" ] || rm -rf -- "$stale"
done
for file in "$out_dir"/clips/* "$out_dir"/thumbs/* "$out_dir"/subs/*; do
  if [ -f "$file" ] && [ -z "${expected[$file]:-}" ]; then
    rm -f -- "$file"
  fi
done
