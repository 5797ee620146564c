#!/usr/bin/env bash
# Builds Lainaamo and runs the whole stack locally: embedded PostgreSQL, a Kafka broker, the four services and
# demo data. Ctrl-C stops everything. The data stays in target/local-stack/data for the next start;
# ./run-local.sh --fresh starts with empty data.
set -euo pipefail
cd "$(dirname "$0")"
launcher=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager fi.lainaamo.devinfra.LocalStack "$PWD")
classpath() { echo "dev-infra/target/classes:$(cat dev-infra/target/classpath.txt)"; }
# A running stack runs from the jars the build below rewrites: if one runs (or its ports are taken), stop here.
if [ -f dev-infra/target/classpath.txt ] && [ -f dev-infra/target/classes/fi/lainaamo/devinfra/LauncherLock.class ]; then
  java -cp "$(classpath)" "${launcher[@]}" --check || exit 1
fi
# each service is packaged with its AppCDS archive (app-cds.jsa beside quarkus-run.jar), which LocalStack passes on
./mvnw -B -q install -DskipTests -Dquarkus.package.jar.appcds.enabled=true
./mvnw -B -q -pl dev-infra dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "$(classpath)" "${launcher[@]}" "$@"
