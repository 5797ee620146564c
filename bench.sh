#!/usr/bin/env bash
# Measures Lainaamo: starts the whole stack, creates its own data, runs the workloads from a separate process over
# HTTP, stops everything, and writes BENCHMARKS.md and PNG plots in bench/results. Options: see README "Benchmarks",
# e.g. ./bench.sh --duration=30 --clients=1,16,64 --runs=3 --onix-products=1000000
set -euo pipefail
cd "$(dirname "$0")"
command -v pgbench >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
# each service is packaged with its AppCDS archive (app-cds.jsa beside quarkus-run.jar), which LocalStack passes on
./mvnw -B -q install -DskipTests -Dquarkus.package.jar.appcds.enabled=true
./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" fi.lainaamo.bench.Bench --repo="$PWD" "$@"
