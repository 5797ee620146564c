#!/usr/bin/env bash
# Builds Lainaamo and runs the whole stack locally: embedded PostgreSQL, a Kafka broker, the four services and
# demo data. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl dev-infra dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "dev-infra/target/classes:$(cat dev-infra/target/classpath.txt)" fi.lainaamo.devinfra.LocalStack "$PWD"
