#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the app and the tests need; does nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsdl2-dev libsdl2-image-dev libharfbuzz-dev libfreetype-dev libicu-dev
  libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev libsqlite3-dev
  doctest-dev nlohmann-json3-dev
  libavdevice-dev libavfilter-dev libcurl4-openssl-dev libssl-dev libsodium-dev libsimdjson-dev libspeexdsp-dev
  libsrt-gnutls-dev srt-tools nginx-light minisign openssl ca-certificates clang libfuzzer-14-dev libexpat1-dev
  xvfb xauth
  ffmpeg python3 python3-jsonschema
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
