#!/usr/bin/env bash
# Neo4j Community (LTS 5.26, Java 17) for the local stack: org.neo4j:neo4j and its dependencies from
# Maven Central into $CACHE/tools/neo4j-<version>/lib, plus the launcher in libs/stack/java compiled
# against them, and bin/neo4j-launcher to run it.
source "$(dirname "$0")/../lib.sh"
version="$NEO4J_VERSION"
java_src="$REPO_ROOT/libs/stack/java"
# The launcher jar is named after a hash of its source so an edited launcher is rebuilt.
src_hash="$(cat "$java_src/pom.xml" "$java_src"/src/main/java/dev/tributary/stack/*.java | sha256sum | cut -c1-12)"
skip_if_built neo4j "$version" "launcher-$src_hash.jar"

# Neo4j needs a JDK >= 17 (javac for the launcher) and Maven (to resolve the jars).
if ! command -v javac >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  apt_install openjdk-17-jdk-headless maven
fi
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${java_major:-0}" -ge 17 ] || die "Neo4j $version needs Java >= 17 (found ${java_major:-none})"

dir="$(tool_dir neo4j "$version")"
if [ -d "$dir/lib" ]; then
  # Jars already resolved: only the launcher changed. Compile into a temp file, rename at the end.
  log "compiling the Neo4j launcher"
  BUILD_NAME=neo4j; BUILD_VERSION="$version"; BUILD_START=$SECONDS
  work="$(mktemp -d "$TOOLS/.neo4j-launcher.XXXXXX")"; trap 'rm -rf "$work"' EXIT
else
  begin_build neo4j "$version" "Java >= 17 (javac), Maven and Maven Central"
  log "resolving org.neo4j:neo4j:$version and dependencies from Maven Central (cold: ~1-3 min)"
  mvn -B -q -Dstyle.color=never -f "$java_src/pom.xml" "-Dneo4j.version=$version" \
    dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$BUILD_DIR/lib" >&2 ||
    die "Maven could not resolve org.neo4j:neo4j:$version (is Maven Central reachable? see the output above)"
  mkdir -p "$BUILD_DIR/bin"
  cat > "$BUILD_DIR/bin/neo4j-launcher" <<'SH'
#!/usr/bin/env bash
# Runs the embedded Neo4j launcher: neo4j-launcher --data DIR --bolt-port PORT [--host 127.0.0.1]
# JVM options from NEO4J_JAVA_OPTS (default: a modest heap for a laptop/CI machine).
dir="$(cd "$(dirname "$0")/.." && pwd)"
jars=("$dir"/launcher-*.jar)  # the build keeps exactly one
jar="${jars[0]}"
# shellcheck disable=SC2086
exec java ${NEO4J_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC} -cp "$jar:$dir/lib/*" dev.tributary.stack.Neo4jLauncher "$@"
SH
  chmod +x "$BUILD_DIR/bin/neo4j-launcher"
  work="$BUILD_DIR/.launcher"
  dir="$BUILD_DIR"
fi
mkdir -p "$work/classes"
lib_dir="$dir/lib"
javac -nowarn --release 17 -d "$work/classes" -cp "$lib_dir/*" "$java_src"/src/main/java/dev/tributary/stack/*.java
jar --create --file "$work/launcher.jar" -C "$work/classes" .
rm -f "$dir"/launcher-*.jar
mv "$work/launcher.jar" "$dir/launcher-$src_hash.jar"
rm -rf "$work"
if [ "$dir" = "${BUILD_DIR:-}" ]; then
  finish_build
else
  trap - EXIT
  echo "ok neo4j $version (launcher rebuilt in $((SECONDS - BUILD_START))s)"
fi
