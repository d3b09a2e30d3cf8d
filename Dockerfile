# flowd: one image for both processes. `api` (default) runs io.flowd.api.app.ApiServer on the
# api-server classpath (/app/api: no worker, no Temporal test server), `worker` runs
# io.flowd.worker.WorkerMain on the temporal-worker classpath (/app/worker); the command or
# FLOWD_ROLE picks one.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY workflow-model workflow-model
COPY workflow-store workflow-store
COPY engine-api engine-api
COPY workflow-nodes workflow-nodes
COPY temporal-worker temporal-worker
COPY api-server api-server
# The reactor lists every module; only api-server and temporal-worker are built.
COPY local-start local-start
COPY benchmarks benchmarks
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip=true -pl api-server,temporal-worker -am \
      package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && mkdir -p /out/api /out/worker \
 && cp api-server/target/lib/*.jar api-server/target/api-server-*.jar /out/api/ \
 && cp temporal-worker/target/lib/*.jar temporal-worker/target/temporal-worker-*.jar /out/worker/

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app flowd
WORKDIR /app
COPY --from=build /out/api/ /app/api/
COPY --from=build /out/worker/ /app/worker/
COPY deploy/flowd-entrypoint.sh /app/flowd
# Containers log one JSON object per line; SIGTERM reaches java directly (exec in the entrypoint).
ENV FLOWD_LOG_FORMAT=json \
    FLOWD_ROLE=api \
    FLOWD_HTTP_PORT=8080 \
    FLOWD_WORKER_METRICS_PORT=9464 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 9464
USER flowd
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 CMD ["/app/flowd", "health"]
ENTRYPOINT ["/app/flowd"]
CMD []
