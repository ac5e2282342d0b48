#!/bin/sh
# PDF ingestion speed vs `pdftotext -raw`, pinned to one core when taskset exists.
# Needs poppler-utils for the comparison (apt-get install poppler-utils); without
# it the bench still reports cchc's own figures and says the comparison was skipped.
set -eu
cd "$(dirname "$0")/.."
cargo build --release --bin cchc
if command -v taskset >/dev/null 2>&1; then
    exec taskset -c 0 cargo bench --bench ingest
fi
exec cargo bench --bench ingest
