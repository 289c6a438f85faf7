#!/bin/bash
# classify --method all in one process against classify --backend spark (each member's activations,
# principal components and heads on a local-cluster executor), alternating, on copies of trained runs,
# so that every invocation starts from the same run folder. Prints each side's wall seconds and checks
# that both sides wrote the same accuracies into classify.json.
#   bench/classify-on-spark.sh RUN [RUN...]     (env: REPEATS=2, MASTER='local-cluster[2,1,2048]')
# Train the runs first, e.g.
#   ./eagerae train --preset mnist-small --members 5 --epochs 2 --out runs/c5
set -euo pipefail
repeats=${REPEATS:-2}; master=${MASTER:-local-cluster[2,1,2048]}
[ $# -ge 1 ] || { echo "usage: $0 RUN [RUN...]" >&2; exit 2; }
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() { # wall seconds of one classify of a fresh copy of run $1; its accuracies into $2
    local run=$1 accuracies=$2; shift 2
    rm -rf "$out/copy"; cp -r "$run" "$out/copy"
    if ! /usr/bin/time -f "%e" -o "$out/time" ./eagerae classify --run "$out/copy" --method all "$@" > "$out/log" 2>&1; then
        cat "$out/log" >&2; exit 1
    fi
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1])):
    print(r["method"], r["accuracy"], r.get("validationAccuracy"), r.get("memberAccuracies"))' "$out/copy/classify.json" > "$accuracies"
    cat "$out/time"
}
printf "%-28s %-7s %12s %12s %8s %s\n" run repeat "one machine" spark ratio "same accuracies"
for run in "$@"; do
    for r in $(seq "$repeats"); do
        here=$(seconds "$run" "$out/here.txt")
        spark=$(seconds "$run" "$out/spark.txt" --backend spark --spark-master "$master")
        same=$(cmp -s "$out/here.txt" "$out/spark.txt" && echo yes || echo NO)
        printf "%-28s %-7s %12.1f %12.1f %8.2f %s\n" "$(basename "$run")" "$r" "$here" "$spark" "$(awk -v a="$spark" -v b="$here" 'BEGIN { print a / b }')" "$same"
    done
done
