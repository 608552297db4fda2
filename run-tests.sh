#!/usr/bin/env bash
# The tests: every module's unit tests and the Pax Exam / CLI integration tests (mvn verify).
set -euo pipefail
cd "$(dirname "$0")"
source ./java25.sh
mvn -B verify "$@"
