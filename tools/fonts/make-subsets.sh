#!/usr/bin/env bash
# Regenerates the CJK and Latin font subsets in fonts/ from Debian's fonts-noto-cjk and fonts-noto-core.
# Not part of the build: the subsets are committed. Run it only to change the covered character set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fonts="$here/../../fonts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# All of GB 2312 (6,763 hanzi and its symbols), CJK punctuation, fullwidth and vertical forms, ASCII,
# arrows and geometric shapes (remote-key hints, ◀ ▶ value pickers).
python3 - "$work/cjk.txt" "$work/latin.txt" <<'PY'
import sys
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7F), (0x2010, 0x2070), (0x2190, 0x2200), (0x2460, 0x2500), (0x25A0, 0x2600),
          (0x3000, 0x3040), (0xFE10, 0xFE20), (0xFE30, 0xFE50), (0xFF00, 0xFFF0)]
for lo, hi in ranges:
    chars.update(chr(c) for c in range(lo, hi))
open(sys.argv[1], "w").write("".join(sorted(chars)))
latin = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2050), 0x20AC, 0x2122, 0x2212, 0xFFFD]
open(sys.argv[2], "w").write("".join(chr(c) for c in latin))
PY

# Face 2 of the collection is Noto Sans CJK SC. Layout tables (vert, vrt2, vmtx) are kept.
hb-subset --face-index=2 --text-file="$work/cjk.txt" \
  --output-file="$fonts/NotoSansCJKsc-Regular-subset.otf" /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
hb-subset --glyph-names --text-file="$work/latin.txt" \
  --output-file="$fonts/NotoSans-Regular-subset.ttf" /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
ls -l "$fonts"
