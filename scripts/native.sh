# ./flashcart native [build|it|smoke|bench|all]: the native executable, built and tested on this machine.
# Sourced by ./flashcart (needs lib.sh, app.sh, bench.sh and the infra/topology functions).
#
#   build  native-image build of target/*-runner with the toolchain in FLASHCART_GRAALVM_HOME
#   it     the *IT suite against that executable (@QuarkusIntegrationTest -Dnative, real MariaDB/Redis/Kafka)
#   smoke  the whole topology with both instances native, start time, idle memory, the README walk-through
#   bench  ./flashcart bench on JVM instances, then on native ones, back to back, side by side
#   all    (default) build, it, smoke; `bench` is separate because it takes a quarter of an hour
#
# Each step appends to one dated result, bench/results/native-<date>.md. The native build takes ~15 minutes and
# ~6 GB: run it before landing anything that touches dependencies, reflection, resources or start-up.
# shellcheck shell=bash

NATIVE_STATE="$STATE_DIR/native"
NATIVE_BENCH_SCENARIOS=${FLASHCART_NATIVE_BENCH_SCENARIOS:-catalog coupon flashsale mixed}
declare -A NR=()   # figures of this run: NR[build_s], NR[size_mb], ...

# native_toolchain: GRAALVM_HOME of a native-image toolchain (GraalVM or Mandrel for JDK 25), or a clear refusal
native_toolchain() {
  NATIVE_GH=${FLASHCART_GRAALVM_HOME:-${GRAALVM_HOME:-}}
  if [[ -z $NATIVE_GH || ! -x $NATIVE_GH/bin/native-image ]]; then
    die "no native-image toolchain: set FLASHCART_GRAALVM_HOME to a GraalVM/Mandrel (JDK 25) home with
bin/native-image. None can be downloaded on the project's dev machines; assemble one from Maven Central and
GraalVM's sources with the recipe in ../shared/native/README.md (about 10 minutes). The shipped container is
built by .github/workflows/native.yml in the UBI 9 Mandrel builder image instead."
  fi
}

native_build() {
  native_toolchain
  local args=(-B package -Dnative -DskipTests -Dquarkus.native.graalvm-home="$NATIVE_GH"
    -Dquarkus.native.native-image-xmx="${FLASHCART_NATIVE_BUILD_XMX:-8g}")
  local static="$NATIVE_GH/lib/static/linux-amd64/glibc" extra=() more=()
  if [[ -d $static/shlib ]]; then
    # a toolchain assembled by the recipe links the JDK's shared libraries: the executable finds them by rpath
    extra+=(-H:NativeLinkerOption=-Xlinker "-H:NativeLinkerOption=-rpath=$static/shlib:$NATIVE_GH/lib")
    NR[toolchain]="$(basename "$NATIVE_GH") (assembled by the recipe: dynamically linked to its JDK, for this machine only)"
  else
    NR[toolchain]=$("$NATIVE_GH/bin/native-image" --version 2>/dev/null | head -1)
  fi
  # FLASHCART_NATIVE_BUILD_ARGS: more native-image arguments, comma-separated (e.g. -H:-DeleteLocalSymbols, which
  # keeps the methods' symbols for perf: bench/README.md, "Profiling a scenario")
  if [[ -n ${FLASHCART_NATIVE_BUILD_ARGS:-} ]]; then
    IFS=, read -ra more <<<"$FLASHCART_NATIVE_BUILD_ARGS"
    extra+=("${more[@]}")
  fi
  if ((${#extra[@]})); then
    extra=(-H:+UnlockExperimentalVMOptions "${extra[@]}" -H:-UnlockExperimentalVMOptions)
    args+=("-Dquarkus.native.additional-build-args=$(IFS=,; echo "${extra[*]}")")
  fi
  mkdir -p "$LOG_DIR" "$NATIVE_STATE"
  step "native build (~15 min, ~6 GB): ./mvnw package -Dnative with $NATIVE_GH"
  local started=$SECONDS
  if ! JAVA_HOME=$NATIVE_GH /usr/bin/time -v -o "$NATIVE_STATE/build-time.txt" "$MVNW" "${args[@]}" \
      >"$LOG_DIR/native-build.log" 2>&1; then
    tail -40 "$LOG_DIR/native-build.log"
    die "native build failed (./flashcart logs native-build)"
  fi
  NR[build_s]=$((SECONDS - started))
  NR[build_peak_gb]=$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1048576 }' "$NATIVE_STATE/build-time.txt")
  local runner; runner=$(native_runner) || die "the native build made no target/*-runner"
  NR[size_mb]=$(( $(stat -c %s "$runner") / 1048576 ))
  NR[reachable]=$(grep -oE '[0-9,]+ methods' "$LOG_DIR/native-build.log" | head -1)
  say "  built $runner: ${NR[size_mb]} MB in ${NR[build_s]} s (peak ${NR[build_peak_gb]} GB)"
}

# native_it: the *IT suite against the executable the build step made (it is reused, not rebuilt)
native_it() {
  native_runner >/dev/null || die "no native executable in target/; run ./flashcart native build first"
  cmd_infra
  step "*IT suite against the native executable"
  rm -rf "$ROOT/target/failsafe-reports"
  local rc=0
  "$MVNW" -B verify -Dnative -Dquarkus.native.reuse-existing=true -DskipUTs=true \
    >"$LOG_DIR/native-it.log" 2>&1 || rc=$?
  local summary="$ROOT/target/failsafe-reports/failsafe-summary.xml"
  if [[ -f $summary ]]; then
    NR[it]=$(python3 - "$summary" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
g = lambda k: int(r.findtext(k) or 0)
print(f"{g('completed')} run, {g('failures')} failures, {g('errors')} errors, {g('skipped')} skipped")
PY
)
  else
    NR[it]="no failsafe summary (see ./flashcart logs native-it)"
  fi
  NR[it_classes]=$(find "$ROOT/target/failsafe-reports" -name 'TEST-*.xml' 2>/dev/null | sed 's/.*TEST-com\.flashcart\.//; s/\.xml$//' | sort | tr '\n' ' ')
  say "  ITs: ${NR[it]}"
  ((rc == 0)) || { tail -60 "$LOG_DIR/native-it.log"; die "the *IT suite failed against the native executable"; }
}

# native_start_ms <instance>: restarts one instance and measures process start to /q/health/ready answering 200
native_start_ms() {
  local n=$1 port
  port=$([[ $n == 1 ]] && echo "$APP1_PORT" || echo "$APP2_PORT")
  stop_part "app$n" 30 >/dev/null
  local t0; t0=$(date +%s%N)
  app_start "$n" "$port"
  local deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; do
    ((SECONDS < deadline)) || die "app$n not ready after 60 s"
    sleep 0.01
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

native_rss_mb() {  # native_rss_mb <part>
  local pid; pid=$(part_pid "$1") || { echo -; return; }
  awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"
}

# native_rss_parts <part>: where an instance's resident memory is, in MiB: the executable's code and its image heap
# (clean pages of the file that start-up and requests touched, the kernel mapping 64 KB around each page read), and
# the process's own anonymous memory (the Java heap, thread stacks, malloc, image heap pages it wrote to)
native_rss_parts() {
  local pid; pid=$(part_pid "$1") || { echo -; return; }
  awk -v exe="$(readlink "/proc/$pid/exe")" '
    /^[0-9a-f]+-[0-9a-f]+ / { mine = ($6 == exe); code = ($2 ~ /x/); next }
    /^Rss:/ && mine { if (code) c += $2; else h += $2 }
    /^Anonymous:/ { a += $2; if (mine && !code) h -= $2 }
    END { printf "code %.0f, image heap %.0f, anonymous %.0f", c / 1024, h / 1024, a / 1024 }' "/proc/$pid/smaps"
}

native_smoke() {
  APP_NATIVE=1
  step "topology with both instances native (FLASHCART_NATIVE=1 ./flashcart up)"
  cmd_up
  NR[start_ms_1]=$(native_start_ms 1)
  NR[start_ms_2]=$(native_start_ms 2)
  wait_until 60 "haproxy sees both instances" app_ready "$LB_PORT"
  NR[started_in]=$(grep -oE 'started in [0-9.]+s' "$LOG_DIR/app1.log" | tail -1)
  sleep 10
  NR[rss_idle_1]=$(native_rss_mb app1)
  NR[rss_idle_2]=$(native_rss_mb app2)
  NR[rss_parts_1]=$(native_rss_parts app1)
  NR[rss_parts_2]=$(native_rss_parts app2)
  step "the README walk-through against the native instances"
  native_walkthrough
  NR[log_errors]=$(native_log_errors)
  say "  start to ready ${NR[start_ms_1]} / ${NR[start_ms_2]} ms, idle RSS ${NR[rss_idle_1]} / ${NR[rss_idle_2]} MB, ${NR[walkthrough]}"
}

# native_walkthrough: runs the README's "Try it" commands (the bash block after <!-- walkthrough -->) through
# haproxy and checks that each answered; they use curl -f, so a failed request fails the step
native_walkthrough() {
  local script="$NATIVE_STATE/walkthrough.sh"
  mkdir -p "$NATIVE_STATE"
  awk '/<!-- walkthrough -->/ { on = 1; next } on && /^```bash/ { code = 1; next } code && /^```/ { exit } code' \
    "$ROOT/README.md" | sed "s/127\.0\.0\.1:8080/127.0.0.1:$LB_PORT/g; s/127\.0\.0\.1:8090/127.0.0.1:$PLATFORM_PORT/g" >"$script"
  [[ -s $script ]] || die "README.md has no walk-through block (<!-- walkthrough --> then a bash block)"
  demo_walkthrough_ready
  if bash -euo pipefail "$script" >"$NATIVE_STATE/walkthrough.out" 2>&1; then
    NR[walkthrough]="walk-through passed ($(grep -c 'curl' "$script") requests)"
  else
    cat "$NATIVE_STATE/walkthrough.out"
    die "the README walk-through failed against the native instances"
  fi
}

# native_log_errors: lines in the instances' logs that show a native-only fault (reflection, resources, proxies)
native_log_errors() {
  grep -hE 'ClassNotFoundException|NoSuchMethodException|NoSuchFieldException|MissingReflectionRegistration|MissingResourceRegistration|UnsupportedFeatureError|No Redis script at' \
    "$LOG_DIR/app1.log" "$LOG_DIR/app2.log" 2>/dev/null | sort | uniq -c | sort -rn | head -20 || true
}

# native_bench: the same bench scenarios on JVM instances and then on native ones, back to back
native_bench() {
  native_runner >/dev/null || die "no native executable in target/; run ./flashcart native build first"
  local mode
  for mode in jvm native; do
    step "bench on $mode instances: ${NATIVE_BENCH_SCENARIOS}"
    # shellcheck disable=SC2086
    FLASHCART_NATIVE=$([[ $mode == native ]] && echo 1 || echo 0) "$ROOT/flashcart" bench $NATIVE_BENCH_SCENARIOS
    cp "$BENCH_STATE/last-run.tsv" "$NATIVE_STATE/bench-$mode.tsv"
    cp "$BENCH_STATE/last-run-rss.txt" "$NATIVE_STATE/bench-$mode-rss.txt" 2>/dev/null || true
    NR[bench_file_$mode]=$(<"$BENCH_STATE/last-run-file.txt")
  done
  NR[log_errors_bench]=$(native_log_errors)
}

native_bench_table() {
  local jvm="$NATIVE_STATE/bench-jvm.tsv" nat="$NATIVE_STATE/bench-native.tsv" s key
  # only a run that benchmarked has a table: the .tsv files of an earlier bench stay in the state folder
  [[ -n ${NR[bench_file_native]:-} && -f $jvm && -f $nat ]] || return 0
  get() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1"; }
  echo "## Benchmark, JVM and native instances back to back"
  echo
  echo "Results: \`${NR[bench_file_jvm]#"$ROOT"/}\` (JVM), \`${NR[bench_file_native]#"$ROOT"/}\` (native)."
  echo
  echo "| | JVM req/s | JVM p99 ms | native req/s | native p99 ms | native / JVM |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  # the flash sale's keyed run (bench.sh, bench_flashsale) has its own row beside the issue's sale
  for s in ceiling-http ${NATIVE_BENCH_SCENARIOS/flashsale/flashsale flashsale-keyed}; do
    [[ -n $(get "$jvm" "$s.rps")$(get "$nat" "$s.rps") ]] || continue
    key=$s.rps
    echo "| $s | $(fmt "$(get "$jvm" "$key")") | $(fmt "$(get "$jvm" "$s.p99_ms")" 2) | $(fmt "$(get "$nat" "$key")") | $(fmt "$(get "$nat" "$s.p99_ms")" 2) | $(bench_ratio "$(get "$nat" "$key")" "$(get "$jvm" "$key")") |"
  done
  echo
  echo "| RSS after the mixed soak (MiB) | JVM | native |"
  echo "| --- | ---: | ---: |"
  for s in app1 app2; do
    echo "| $s | $(bench_mib "$(bench_rss_kb "$NATIVE_STATE/bench-jvm-rss.txt" $s)") | $(bench_mib "$(bench_rss_kb "$NATIVE_STATE/bench-native-rss.txt" $s)") |"
  done
  echo
}

native_report() {
  local file=$1
  {
    echo "# Flashcart native executable $(date -u +%Y-%m-%d-%H%M)"
    echo
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory"
    echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null | head -1) ]] && echo ' (working tree has uncommitted changes)')"
    [[ -n ${NR[toolchain]:-} ]] && echo "- toolchain: ${NR[toolchain]}"
    echo
    echo "| measure | value |"
    echo "| --- | --- |"
    [[ -n ${NR[build_s]:-} ]] && echo "| build time | ${NR[build_s]} s (peak memory ${NR[build_peak_gb]} GB; ${NR[reachable]:-?} reachable) |"
    [[ -n ${NR[size_mb]:-} ]] && echo "| executable size | ${NR[size_mb]} MB |"
    [[ -n ${NR[it]:-} ]] && echo "| *IT suite on the executable | ${NR[it]} (${NR[it_classes]}) |"
    [[ -n ${NR[start_ms_1]:-} ]] && echo "| process start to ready (app1 / app2) | ${NR[start_ms_1]} / ${NR[start_ms_2]} ms (Quarkus: ${NR[started_in]:-?}) |"
    [[ -n ${NR[rss_idle_1]:-} ]] && echo "| RSS idle (app1 / app2, -Xmx$NATIVE_HEAP) | ${NR[rss_idle_1]} / ${NR[rss_idle_2]} MiB |"
    [[ -n ${NR[rss_parts_1]:-} ]] && echo "| of it (app1 / app2, MiB) | ${NR[rss_parts_1]} / ${NR[rss_parts_2]} |"
    [[ -n ${NR[walkthrough]:-} ]] && echo "| README walk-through | ${NR[walkthrough]} |"
    if [[ -n ${NR[start_ms_1]:-}${NR[bench_file_native]:-} ]]; then   # after a smoke run or a bench run
      local errors="${NR[log_errors]:-}${NR[log_errors_bench]:-}"
      echo "| reflection/resource errors in the instances' logs | $([[ -z $errors ]] && echo none || echo "see below") |"
    fi
    echo
    native_bench_table
    if [[ -n ${NR[log_errors]:-}${NR[log_errors_bench]:-} ]]; then
      echo "## Native-only errors in the logs"
      echo
      echo '```'
      echo "${NR[log_errors]:-}${NR[log_errors_bench]:-}"
      echo '```'
    fi
  } >"$file"
  cat "$file"
  say "results: ${file#"$ROOT"/}"
}

cmd_native() {
  local steps=("$@")
  ((${#steps[@]})) || steps=(build it smoke)
  [[ ${steps[0]} == all ]] && steps=(build it smoke)
  local s
  for s in "${steps[@]}"; do
    [[ $s =~ ^(build|it|smoke|bench)$ ]] || die "unknown native step '$s' (build, it, smoke, bench, all)"
  done
  mkdir -p "$NATIVE_STATE" "$BENCH_DIR/results"
  for s in "${steps[@]}"; do
    "native_$s"
  done
  native_report "$BENCH_DIR/results/native-$(date -u +%Y-%m-%d-%H%M).md"
}
