{{/* Chart name, truncated to the 63 characters Kubernetes allows in a label. */}}
{{- define "tollgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; role suffixes ("-ingest") keep within 63 characters. */}}
{{- define "tollgate.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 56 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 56 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 56 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "tollgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "tollgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one role: call with (dict "root" $ "role" "api"). */}}
{{- define "tollgate.roleSelectorLabels" -}}
{{ include "tollgate.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "tollgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tollgate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The Secret the chart creates for values given inline (admin token, DB password). */}}
{{- define "tollgate.secretName" -}}
{{- include "tollgate.fullname" . -}}
{{- end -}}

{{- define "tollgate.databaseSecretName" -}}
{{- default (include "tollgate.secretName" .) .Values.database.existingSecret -}}
{{- end -}}

{{- define "tollgate.databasePasswordKey" -}}
{{- if .Values.database.existingSecret -}}{{ .Values.database.passwordKey }}{{- else -}}db-password{{- end -}}
{{- end -}}

{{- define "tollgate.adminTokenSecretName" -}}
{{- default (include "tollgate.secretName" .) .Values.adminToken.existingSecret -}}
{{- end -}}

{{- define "tollgate.adminTokenKey" -}}
{{- if .Values.adminToken.existingSecret -}}{{ .Values.adminToken.key }}{{- else -}}admin-token{{- end -}}
{{- end -}}

{{- define "tollgate.createSecret" -}}
{{- if or (and .Values.database.password (not .Values.database.existingSecret)) (and .Values.adminToken.value (not .Values.adminToken.existingSecret)) -}}true{{- end -}}
{{- end -}}

{{- define "tollgate.gatesConfigMapName" -}}
{{- default (printf "%s-gates" (include "tollgate.fullname" .)) .Values.gates.existingConfigMap -}}
{{- end -}}

{{- define "tollgate.mountGates" -}}
{{- if or .Values.gates.existingConfigMap .Values.gates.files -}}true{{- end -}}
{{- end -}}

{{/* Checks that the schema cannot express across keys. */}}
{{- define "tollgate.validate" -}}
{{- if not .Values.database.url -}}
{{- fail "database.url is required: Tollgate on Kubernetes needs an external PostgreSQL (jdbc:postgresql://host:5432/tollgate); the embedded H2 database is for a single process only" -}}
{{- end -}}
{{- if not (hasPrefix "jdbc:postgresql:" .Values.database.url) -}}
{{- fail (printf "database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/tollgate), got %q" .Values.database.url) -}}
{{- end -}}
{{- if not (or .Values.adminToken.value .Values.adminToken.existingSecret) -}}
{{- fail "adminToken.existingSecret (or adminToken.value) is required: without a bootstrap admin token no API token can be created" -}}
{{- end -}}
{{- if and .Values.ingest.enabled (not .Values.kafka.bootstrapServers) -}}
{{- fail "kafka.bootstrapServers is required when ingest.enabled is true" -}}
{{- end -}}
{{- if and (include "tollgate.apiKafka" .) (not .Values.kafka.bootstrapServers) -}}
{{- fail "kafka.bootstrapServers is required when otlp.enabled is true or cdevents.kafka.topic is set: the api pods write OTLP/HTTP exports to, and read CDEvents from, the external Kafka" -}}
{{- end -}}
{{- if and (hasPrefix "SASL" .Values.kafka.securityProtocol) (not .Values.kafka.sasl.existingSecret) -}}
{{- fail (printf "kafka.sasl.existingSecret is required with kafka.securityProtocol %s" .Values.kafka.securityProtocol) -}}
{{- end -}}
{{- if and (hasPrefix "SASL" .Values.kafka.securityProtocol) (not .Values.kafka.sasl.mechanism) -}}
{{- fail (printf "kafka.sasl.mechanism is required with kafka.securityProtocol %s" .Values.kafka.securityProtocol) -}}
{{- end -}}
{{- end -}}

{{/* Pod volumes and mounts every role has: a writable /tmp and data directory under a read-only root. */}}
{{- define "tollgate.commonVolumes" -}}
- name: tmp
  emptyDir: {}
- name: data
  emptyDir: {}
{{- end -}}

{{- define "tollgate.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /app/data
{{- end -}}

{{/* Environment both roles share; role switches and role-only secrets are set per Deployment. */}}
{{- define "tollgate.commonEnv" -}}
{{- if or .Values.database.password .Values.database.existingSecret }}
- name: TOLLGATE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "tollgate.databaseSecretName" . }}
      key: {{ include "tollgate.databasePasswordKey" . }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "tollgate.probes" -}}
startupProbe:
  httpGet:
    path: /health/liveness
    port: http
  periodSeconds: {{ .Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /health/liveness
    port: http
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /health/readiness
    port: http
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
{{- end -}}

{{/* Credentials of the Prometheus SLI source: the api role runs the evaluations that query it. */}}
{{- define "tollgate.prometheusEnv" -}}
{{- with .Values.prometheus.existingSecret }}
{{- if $.Values.prometheus.bearerTokenKey }}
- name: TOLLGATE_PROMETHEUS_BEARER_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.prometheus.bearerTokenKey }}
{{- end }}
{{- if $.Values.prometheus.usernameKey }}
- name: TOLLGATE_PROMETHEUS_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.prometheus.usernameKey }}
{{- end }}
{{- if $.Values.prometheus.passwordKey }}
- name: TOLLGATE_PROMETHEUS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.prometheus.passwordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Kafka client property name -> TOLLGATE_INGEST_KAFKA_* variable name. */}}
{{- define "tollgate.kafkaEnvName" -}}
{{- printf "TOLLGATE_INGEST_KAFKA_%s" (. | upper | replace "." "_" | replace "-" "_") -}}
{{- end -}}

{{/* "true" when decision events have a destination (a Kafka topic or a webhook). */}}
{{- define "tollgate.eventsEnabled" -}}
{{- if or .Values.events.kafka.topic .Values.events.webhooks -}}true{{- end -}}
{{- end -}}

{{/* The api pods' environment for decision events: the config file and the webhooks' Secrets. */}}
{{- define "tollgate.eventsEnv" -}}
{{- if include "tollgate.eventsEnabled" . }}
- name: MICRONAUT_CONFIG_FILES
  value: /etc/tollgate/events/events.yml
{{- range $i, $w := .Values.events.webhooks }}
{{- if $w.secretKey }}
- name: TOLLGATE_EVENTS_WEBHOOK_{{ $i }}_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "events.webhooks[].existingSecret is required with secretKey" $w.existingSecret }}
      key: {{ $w.secretKey }}
{{- end }}
{{- if $w.urlKey }}
- name: TOLLGATE_EVENTS_WEBHOOK_{{ $i }}_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "events.webhooks[].existingSecret is required with urlKey" $w.existingSecret }}
      key: {{ $w.urlKey }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* "true" when the api pods talk to Kafka: OTLP/HTTP in (written to the ingest topics) or CDEvents from a topic. */}}
{{- define "tollgate.apiKafka" -}}
{{- if or .Values.otlp.enabled .Values.cdevents.kafka.topic -}}true{{- end -}}
{{- end -}}

{{/* The Kafka client's secret material (SASL JAAS line, TLS store passwords), for every pod that uses Kafka. */}}
{{- define "tollgate.kafkaSecretEnv" -}}
{{- $kafka := .Values.kafka }}
{{- if $kafka.sasl.existingSecret }}
- name: TOLLGATE_INGEST_KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.sasl.existingSecret }}
      key: {{ $kafka.sasl.jaasConfigKey }}
{{- end }}
{{- if and $kafka.tls.existingSecret $kafka.tls.truststorePasswordKey }}
- name: TOLLGATE_INGEST_KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.tls.existingSecret }}
      key: {{ $kafka.tls.truststorePasswordKey }}
{{- end }}
{{- if and $kafka.tls.existingSecret $kafka.tls.keystoreKey $kafka.tls.keystorePasswordKey }}
- name: TOLLGATE_INGEST_KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.tls.existingSecret }}
      key: {{ $kafka.tls.keystorePasswordKey }}
{{- end }}
{{- end -}}
