#!/usr/bin/env bash
# Start-up benchmark of the distribution: (a) JVM start to all bundles active, for `plugins list`
# (everything but the HTTP service) and `serve` (everything), and (b) `longscope run` cold start
# (a new JVM) to the first finished work item, with the test-only digits backend in plugins/.
# Row 1's first figure is the first start of a fresh copy (empty bundle cache, no class-data archive);
# later starts reuse both.
# Usage: itests/startup-benchmark.sh [runs]   (after: mvn -pl dist,itests -am package -DskipTests)
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$root/dist/target/longscope"
backend="$(ls "$root"/itests/target/itests-*.jar | head -n 1)"
[ -x "$dist/bin/longscope" ] || { echo "build the distribution first: mvn -pl dist -am package -DskipTests" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$dist" "$work/longscope"
rm -rf "$work/longscope/cache"
cp "$backend" "$work/longscope/plugins/digits-backend.jar"
cat > "$work/spec.yaml" <<'SPEC'
name: startup
model: {backend: digits, ref: "digits:startup"}
benchmarks:
  - {id: passkey, tasks: [passkey], lengths: [1k], samples: 1, seed: 1, params: {depths: [50]}}
SPEC

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"

# prints "<timing ms> <wall s> <cpu s>" for one command
measure() {
  local event="$1"; shift
  local log="$work/log.txt" t
  /usr/bin/time -o "$work/time.txt" -f '%e %U %S' env LONGSCOPE_TIMING=1 "$@" >/dev/null 2>"$log"
  t="$(tail -n 1 "$work/time.txt")"
  local ms
  ms="$(sed -n "s/^timing: $event \([0-9]*\) ms/\1/p" "$log" | head -n 1)"
  [ -n "$ms" ] || { echo "no '$event' timing; output:" >&2; cat "$log" >&2; exit 1; }
  awk -v ms="$ms" -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %.2f %.2f\n", ms, a[1], a[2] + a[3] }'
}

serve_once() {
  local port log pid ms=""
  port="$(( 20000 + RANDOM % 20000 ))"
  log="$work/serve.txt"
  LONGSCOPE_TIMING=1 "$work/longscope/bin/longscope" serve --port "$port" 2>"$log" >/dev/null &
  pid=$!
  for _ in $(seq 1 600); do
    ms="$(sed -n 's/^timing: jvm-start-to-bundles-active \([0-9]*\) ms/\1/p' "$log" | head -n 1)"
    if [ -n "$ms" ] && curl -fsS "http://127.0.0.1:$port/api/plugins" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms"
}

echo
echo "run  bundles-active(plugins list) ms  wall s  cpu s | bundles-active(serve) ms | run: first-work-item ms  wall s  cpu s"
for i in $(seq 1 "$runs"); do
  a="$(measure jvm-start-to-bundles-active "$work/longscope/bin/longscope" plugins list)"
  s="$(serve_once)"
  b="$(cd "$work" && measure jvm-start-to-first-work-item "$work/longscope/bin/longscope" run spec.yaml --out "$work/runs")"
  printf "%3d  %s | %s | %s\n" "$i" "$a" "$s" "$b"
done
