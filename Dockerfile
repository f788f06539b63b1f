# Tollgate container image: the shaded jar on a Temurin JRE, run as a non-root user.
# One image, two roles: the Helm chart (helm/tollgate) sets TOLLGATE_INGEST_ENABLED and
# TOLLGATE_EVALUATIONS_ENABLED per Deployment.
#
# Build the jar first, then the image (the build context is the repository root):
#   ./mvnw -B -pl gate-service -am package -DskipTests
#   docker build -t tollgate/tollgate:0.1.0 .
FROM eclipse-temurin:17-jre

LABEL org.opencontainers.image.title="Tollgate" \
      org.opencontainers.image.description="Shared telemetry and quality-gate service for QA and SRE teams" \
      org.opencontainers.image.version="0.1.0"

# ./data under the working directory holds the embedded H2 database and a generated admin
# token when Tollgate runs on its defaults; on Kubernetes the chart mounts an emptyDir there
# (and on /tmp) because the root file system is read-only.
WORKDIR /app
RUN mkdir -p /app/data && chown 10001:10001 /app/data

COPY gate-service/target/tollgate.jar /app/tollgate.jar

# A numeric UID lets Kubernetes verify runAsNonRoot without an /etc/passwd entry.
USER 10001:10001

EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/tollgate.jar"]
