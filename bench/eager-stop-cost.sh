#!/bin/bash
# What the eager stop costs: the same members and epochs trained with --stop none (one go), with
# --stop auto and the smallest probe (50 validation images: the cost of training in rounds of one
# epoch), and with --stop auto as it comes (1,000 images), alternating, side by side in one run.
# The probe never stops it here (--patience larger than --epochs), so all train the same epochs.
#   bench/eager-stop-cost.sh [PRESET] [MEMBERS] [EPOCHS] [REPEATS]     (default: mnist-small 5 5 2)
set -euo pipefail
preset=${1:-mnist-small}; members=${2:-5}; epochs=${3:-5}; repeats=${4:-2}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./eagerae fetch "${preset%%-*}" > /dev/null 2>&1 || true
seconds() { # wall seconds of one training run, build and data already there
    local start end
    start=$(date +%s.%N)
    ./eagerae train --preset "$preset" --members "$members" --epochs "$epochs" --seed 1 "$@" > /dev/null
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
./eagerae train --preset "$preset" --members 1 --epochs 1 --out "$out/warm" > /dev/null  # build, data, JIT archives
ratio() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.3f", a / n }'; }
printf "%-6s %8s %12s %8s %8s %8s %14s\n" repeat "none s" "rounds s" "auto s" "rounds/" "auto/" "probe work s"
for r in $(seq "$repeats"); do
    none=$(seconds --stop none --out "$out/none-$r")
    rounds=$(seconds --stop auto --patience $((epochs + 1)) --probe-images 50 --out "$out/rounds-$r")
    auto=$(seconds --stop auto --patience $((epochs + 1)) --out "$out/auto-$r")
    probe=$(awk -F, 'NR > 1 { s += $3 } END { printf "%.1f", s }' "$out/auto-$r/probe.csv")
    printf "%-6s %8.1f %12.1f %8.1f %8s %8s %14s\n" "$r" "$none" "$rounds" "$auto" "$(ratio "$rounds" "$none")" "$(ratio "$auto" "$none")" "$probe"
done
