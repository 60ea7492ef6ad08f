#!/usr/bin/env bash
# Builds and runs examples/standalone, a separate Maven project that uses Kiln as the README says,
# against a Kiln installed into a temporary local repository (never into ~/.m2): `mvn install` of
# kiln-core, then `mvn verify` of the project (Surefire runs the README examples with the argLine
# the README gives), then the examples with plain `java --add-modules jdk.incubator.vector`.
# Artifacts come from ~/.m2 when it has them, else from Maven Central.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

java_version() { "$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' | cut -d. -f1; }
if [[ -z "${JAVA_HOME:-}" || "$(java_version "$JAVA_HOME/bin/java" 2>/dev/null || echo 0)" -lt 25 ]]; then
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /opt/java/*; do
    if [[ -x "$d/bin/java" ]] && (( $(java_version "$d/bin/java") >= 25 )); then export JAVA_HOME="$d"; break; fi
  done
fi
echo "standalone: JDK $JAVA_HOME" >&2

cat > "$tmp/settings.xml" <<XML
<settings>
  <profiles>
    <profile>
      <id>local-cache</id>
      <repositories><repository><id>local-cache</id><url>file://$HOME/.m2/repository</url></repository></repositories>
      <pluginRepositories><pluginRepository><id>local-cache</id><url>file://$HOME/.m2/repository</url></pluginRepository></pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>local-cache</activeProfile></activeProfiles>
</settings>
XML
mvn_() { mvn -B -q -Dstyle.color=never -s "$tmp/settings.xml" -Dmaven.repo.local="$tmp/repo" "$@"; }

echo "standalone: installing kiln-core into $tmp/repo" >&2
mvn_ -f "$root/pom.xml" -pl kiln-core -am install -DskipTests -Dmaven.javadoc.skip=true
echo "standalone: mvn verify (compiles the README examples, runs them under Surefire)" >&2
mvn_ -f "$here/pom.xml" verify
mvn_ -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$tmp/classpath"
echo "standalone: java --add-modules jdk.incubator.vector example.ReadmeExamples" >&2
(cd "$tmp" && "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$here/target/classes:$(cat "$tmp/classpath")" example.ReadmeExamples)
test -s "$tmp/mlp.safetensors"
echo "standalone: ok" >&2
