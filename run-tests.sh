#!/usr/bin/env bash
# The tests: every module's unit tests and the Pax Exam / CLI integration tests (mvn verify).
# The /v1 conformance test drives the server with the official OpenAI client from the npm registry,
# installed here at the version package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")"
source ./java25.sh
npm ci --no-audit --no-fund --loglevel=error --prefix itests/src/test/node
mvn -B verify "$@"
