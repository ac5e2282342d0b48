#!/usr/bin/env bash
# Coverage-guided fuzzing on the stable toolchain: libFuzzer (libfuzzer-sys)
# with SanitizerCoverage instrumentation and no sanitizer (safe Rust: the
# findings are panics, aborts, hangs, memory blow-ups and broken invariants).
#
#   scripts/fuzz.sh build                 # build every target
#   scripts/fuzz.sh run TARGET [SECONDS]  # fuzz one target (default 600 s)
#   scripts/fuzz.sh all [SECONDS]         # each target in turn (FUZZ_TARGETS="a b" for some)
#   scripts/fuzz.sh repro TARGET FILE     # run one input (a crash artifact)
#
# Targets: pdf docx html text encoding number (fuzz/fuzz_targets/). Corpora
# grow in fuzz/corpus/TARGET (seeded from the repository's fixtures), crashes
# land in fuzz/artifacts/TARGET; neither is committed. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGETS="pdf docx html text encoding number"
export CARGO_TARGET_DIR="$ROOT/fuzz/target"
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 -Cdebug-assertions -Coverflow-checks -Ccodegen-units=16"

# An explicit --target keeps RUSTFLAGS off build scripts and proc macros,
# which must not be instrumented (as cargo-fuzz does).
HOST=$(rustc -vV | sed -n 's/^host: //p')

build() {
    (cd fuzz && cargo build --release --bins --target "$HOST")
}

bin() { echo "$CARGO_TARGET_DIR/$HOST/release/$1"; }

seed() {
    local t=$1 dir="fuzz/corpus/$1"
    mkdir -p "$dir" "fuzz/artifacts/$t"
    [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
    case $t in
        pdf) cp tests/fixtures/pdf/*.pdf tests/fixtures/bad/*.pdf "$dir"/ 2>/dev/null || true ;;
        docx) cp tests/fixtures/docx/*.docx "$dir"/ 2>/dev/null || true ;;
        html) cp tests/fixtures/html/* "$dir"/ 2>/dev/null || true ;;
        text | encoding) cp corpus/*.txt tests/fixtures/txt-legacy/* "$dir"/ 2>/dev/null || true ;;
        number) printf '%s\n' 3.954 99,8 01 1.850.687 "hơn 37 nghìn" 12.252 0,08 > "$dir/seeds" ;;
    esac
}

run() {
    local t=$1 secs=${2:-600} len=262144
    # The pipeline and the decoders are slow on long instrumented inputs
    # (0.3 s for 85 KiB): shorter ones explore more.
    case $t in text | encoding) len=16384 ;; esac
    seed "$t"
    # -timeout: one input taking longer is a hang; -rss_limit_mb: a blow-up.
    # The CPU time is what counts on a shared machine (the wall clock
    # includes the neighbours); it is printed as "fuzz: TARGET: …".
    /usr/bin/time -f "fuzz: $t: %e s wall, %U s user, %S s system" \
        "$(bin "$t")" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len="${FUZZ_MAX_LEN:-$len}" \
        -print_final_stats=1
}

case ${1:-} in
    build) build ;;
    run) build; run "$2" "${3:-600}" ;;
    all) build; for t in ${FUZZ_TARGETS:-$TARGETS}; do run "$t" "${2:-600}" || echo "fuzz: $t stopped with a finding"; done ;;
    repro) build; "$(bin "$2")" "$3" ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
esac
