#!/bin/bash
# What the eager stop costs: the same members and epochs trained with --stop none (one go), with
# --stop auto and the smallest probe (50 validation images: the cost of training in rounds of one
# epoch), and with --stop auto as it comes (1,000 images), alternating, side by side in one run.
# The probe never stops it here (--patience larger than --epochs), so all train the same epochs.
# Each run's wall seconds and its CPU seconds (user + system, worker processes included): on a machine
# shared with other work the wall seconds vary with the load, the CPU seconds much less. Last, the
# probe's own work (probe_seconds in probe.csv: what the members' processes spent scoring their
# epochs, epoch 0's encoder pass included) against the training work it watched (epoch_seconds in
# metrics.csv, summed over members and epochs).
#   bench/eager-stop-cost.sh [PRESET] [MEMBERS] [EPOCHS] [REPEATS]     (default: mnist-small 5 5 2)
set -euo pipefail
preset=${1:-mnist-small}; members=${2:-5}; epochs=${3:-5}; repeats=${4:-2}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./eagerae fetch "${preset%%-*}" > /dev/null 2>&1 || true
seconds() { # "wall cpu" seconds of one training run, build and data already there
    /usr/bin/time -f "%e %U %S" -o "$out/time" \
        ./eagerae train --preset "$preset" --members "$members" --epochs "$epochs" --seed 1 "$@" > /dev/null
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$out/time"
}
./eagerae train --preset "$preset" --members 1 --epochs 1 --out "$out/warm" > /dev/null  # build, data, JIT archives
ratio() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.3f", a / n }'; }
printf "%-6s %-12s %8s %8s %8s %12s %12s\n" repeat "" none rounds auto rounds/none auto/none
for r in $(seq "$repeats"); do
    read -r none none_cpu < <(seconds --stop none --out "$out/none-$r")
    read -r rounds rounds_cpu < <(seconds --stop auto --patience $((epochs + 1)) --probe-images 50 --out "$out/rounds-$r")
    read -r auto auto_cpu < <(seconds --stop auto --patience $((epochs + 1)) --out "$out/auto-$r")
    probe=$(awk -F, 'NR > 1 { s += $3 } END { printf "%.2f", s }' "$out/auto-$r/probe.csv")
    work=$(awk -F, 'NR > 1 { s += $5 } END { printf "%.2f", s }' "$out/auto-$r/metrics.csv")
    printf "%-6s %-12s %8.1f %8.1f %8.1f %12s %12s\n" "$r" "wall s" "$none" "$rounds" "$auto" "$(ratio "$rounds" "$none")" "$(ratio "$auto" "$none")"
    printf "%-6s %-12s %8.1f %8.1f %8.1f %12s %12s\n" "" "cpu s" "$none_cpu" "$rounds_cpu" "$auto_cpu" "$(ratio "$rounds_cpu" "$none_cpu")" "$(ratio "$auto_cpu" "$none_cpu")"
    printf "%-6s %-12s %8s %8s %8.2f %12s\n" "" "probe work s" "" "" "$probe" "training work s $work, probe / training $(ratio "$probe" "$work")"
done
