{{/* Names, labels, image and the shared pod pieces. */}}

{{- define "tributary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tributary.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "<fullname>-<suffix>", kept within 63 characters. Call with (list $ "suffix"). */}}
{{- define "tributary.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "tributary.fullname" $root | trunc 50 | trimSuffix "-") (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tributary.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tributary.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tributary.labels" -}}
helm.sh/chart: {{ include "tributary.chart" . }}
{{ include "tributary.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tributary
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of one component. Call with (list $ "component"). */}}
{{- define "tributary.componentLabels" -}}
{{ include "tributary.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "tributary.componentSelectorLabels" -}}
{{ include "tributary.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "tributary.annotations" -}}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "tributary.image" -}}
{{- $img := .Values.image -}}
{{- $repo := ternary (printf "%s/%s" $img.registry $img.repository) $img.repository (ne $img.registry "") -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $repo $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion $img.tag) -}}
{{- end -}}
{{- end -}}

{{- define "tributary.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* ServiceAccount names. */}}
{{- define "tributary.operatorServiceAccount" -}}
{{- if .Values.operator.serviceAccount.create -}}
{{- default (include "tributary.componentName" (list . "operator")) .Values.operator.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.operator.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tributary.apiServiceAccount" -}}
{{- if .Values.api.serviceAccount.create -}}
{{- default (include "tributary.componentName" (list . "api")) .Values.api.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.api.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Workers and hook Jobs need no Kubernetes API access: one SA without rights or token. */}}
{{- define "tributary.workloadServiceAccount" -}}
{{- include "tributary.componentName" (list . "workload") -}}
{{- end -}}

{{- define "tributary.ingestServiceAccount" -}}
{{- include "tributary.componentName" (list . "ingest") -}}
{{- end -}}

{{- define "tributary.ingestConfigMap" -}}
{{- include "tributary.componentName" (list . "ingest") -}}
{{- end -}}

{{- define "tributary.configName" -}}
{{- include "tributary.componentName" (list . "config") -}}
{{- end -}}

{{/* Connection settings, resolving dev instances first. */}}
{{- define "tributary.natsUrl" -}}
{{- if .Values.dev.nats.enabled -}}
{{- printf "nats://%s.%s.svc:4222" (include "tributary.componentName" (list . "nats")) .Release.Namespace -}}
{{- else -}}
{{- .Values.nats.url -}}
{{- end -}}
{{- end -}}

{{- define "tributary.neo4jUrl" -}}
{{- if .Values.dev.neo4j.enabled -}}
{{- printf "bolt://%s.%s.svc:7687" (include "tributary.componentName" (list . "neo4j")) .Release.Namespace -}}
{{- else -}}
{{- .Values.neo4j.url -}}
{{- end -}}
{{- end -}}

{{- define "tributary.databaseUrl" -}}
{{- if .Values.dev.postgres.enabled -}}
{{- $p := .Values.dev.postgres -}}
{{- printf "postgres://%s:%s@%s.%s.svc:5432/%s" $p.username $p.password (include "tributary.componentName" (list . "postgres")) .Release.Namespace $p.database -}}
{{- else -}}
{{- .Values.postgres.url -}}
{{- end -}}
{{- end -}}

{{/* env entries for DATABASE_URL from the right Secret. */}}
{{- define "tributary.env.database" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- if and .Values.postgres.existingSecret (not .Values.dev.postgres.enabled) }}
      name: {{ .Values.postgres.existingSecret }}
      key: {{ .Values.postgres.existingSecretKey }}
      {{- else }}
      name: {{ include "tributary.configName" . }}
      key: DATABASE_URL
      {{- end }}
{{- end -}}

{{/* NEO4J_PASSWORD from the right Secret (URL, user and database are in the config ConfigMap). */}}
{{- define "tributary.env.neo4j" -}}
{{- if and .Values.neo4j.existingSecret (not .Values.dev.neo4j.enabled) }}
- name: NEO4J_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.neo4j.existingSecret }}
      key: {{ .Values.neo4j.existingSecretPasswordKey }}
{{- else if or .Values.neo4j.password .Values.dev.neo4j.enabled }}
- name: NEO4J_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "tributary.configName" . }}
      key: NEO4J_PASSWORD
{{- end }}
{{- end -}}

{{/* The restricted container securityContext, from values. */}}
{{- define "tributary.containerSecurityContext" -}}
securityContext:
  {{- toYaml .Values.containerSecurityContext | nindent 2 }}
{{- end -}}

{{- define "tributary.podSecurityContext" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* Soft anti-affinity across nodes unless the component sets its own affinity. Call with (list $ "component" $values). */}}
{{- define "tributary.affinity" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $v := index . 2 -}}
{{- if $v.affinity }}
affinity:
  {{- toYaml $v.affinity | nindent 2 }}
{{- else if gt (int $v.replicaCount) 1 }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "tributary.componentSelectorLabels" (list $root $component) | nindent 14 }}
{{- end }}
{{- end -}}

{{/* Scheduling knobs shared by every component. Call with a component's values. */}}
{{- define "tributary.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{/* The JetStream settings as the JSON the roles read from TRIBUTARY_JETSTREAM_CONFIG. */}}
{{- define "tributary.jetstreamConfig" -}}
{{- toJson .Values.jetstream -}}
{{- end -}}

{{/* Checksum of the settings pods read, so a change rolls them. */}}
{{- define "tributary.configChecksum" -}}
{{- $cfg := include (print .Template.BasePath "/config.yaml") . -}}
{{- sha256sum $cfg -}}
{{- end -}}
