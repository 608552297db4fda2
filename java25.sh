# Sourced by run-main.sh and run-tests.sh: points JAVA_HOME at a JDK 25 (the default java may be 17).
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_feature "$JAVA_HOME/bin/java")" != 25 ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_feature "$JAVA_HOME/bin/java")" != 25 ]; then
  echo "LongScope needs JDK 25: set JAVA_HOME to it (looked in /usr/lib/jvm)" >&2
  exit 2
fi
export PATH="$JAVA_HOME/bin:$PATH"
