#!/usr/bin/env bash
# Regenerates the seed corpora of the fuzz tests (see docs/fuzzing.md). Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
javac -d "$out" "$here"/*.java
java -Djava.awt.headless=true -cp "$out" GenerateSeeds "$root"
