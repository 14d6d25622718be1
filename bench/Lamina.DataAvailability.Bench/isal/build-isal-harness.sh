#!/usr/bin/env bash
# Installs Debian's ISA-L (libisal-dev) and compiles the ISA-L Reed-Solomon peer the DA benchmark runs beside Lamina's codec.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f /usr/include/isa-l/erasure_code.h ]; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update
    $sudo_cmd apt-get install -y libisal-dev
fi
gcc -O2 -march=native -o "$here/isal_rs" "$here/isal_rs.c" -lisal
echo "built $here/isal_rs"
