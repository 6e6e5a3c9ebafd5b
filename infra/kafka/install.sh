#!/usr/bin/env bash
# Installs an Apache Kafka broker (KRaft mode) from Maven Central: org.apache.kafka:kafka_2.13 and
# its runtime dependencies, fetched with mvn into the cache and run by start.sh with plain java.
# Reruns skip the fetch once the jars are cached.
#   KAFKA_HOME (default ${GONGKAI_CACHE:-$HOME/.cache/gongkai}/kafka) — where the jars go
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_HOME="${KAFKA_HOME:-${GONGKAI_CACHE:-$HOME/.cache/gongkai}/kafka}"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
stamp="$KAFKA_HOME/installed-$version-$(sha256sum "$here/pom.xml" | cut -c1-12)"

if [[ -f "$stamp" && -f "$KAFKA_HOME/libs/kafka_2.13-$version.jar" ]]; then
  echo "kafka $version already installed in $KAFKA_HOME"
  exit 0
fi
command -v java >/dev/null || { echo "install.sh: java not found (apt-get install -y openjdk-17-jre-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install.sh: mvn not found (apt-get install -y maven)" >&2; exit 1; }

mkdir -p "$KAFKA_HOME"
tmp="$(mktemp -d "$KAFKA_HOME/libs.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "fetching org.apache.kafka:kafka_2.13:$version and its runtime dependencies with mvn…"
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp"
[[ -f "$tmp/kafka_2.13-$version.jar" ]] || { echo "install.sh: kafka_2.13-$version.jar was not fetched" >&2; exit 1; }
# Swap in the new libs only once the fetch is complete, so a failed run never leaves half a classpath.
rm -rf "$KAFKA_HOME/libs"
mv "$tmp" "$KAFKA_HOME/libs"
trap - EXIT
touch "$stamp"
echo "kafka $version installed in $KAFKA_HOME ($(ls "$KAFKA_HOME/libs" | wc -l) jars)"
