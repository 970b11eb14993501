{{/*
A single-replica dev dependency: headless-free ClusterIP Service + StatefulSet with one data volume.
Call with a dict: root, name ("postgres"), values (.Values.dev.postgres), uid, ports (list of dicts
name/port), container (YAML: args/env/probes of the container), dataPath, extraMounts (YAML list),
extraVolumes, initCommand + initMounts (an optional init container's shell command and mounts).
*/}}
{{- define "tributary.devStatefulSet" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $component := printf "dev-%s" .name -}}
{{- $fullname := include "tributary.componentName" (list $root .name) -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "tributary.componentLabels" (list $root $component) | nindent 4 }}
spec:
  selector:
    {{- include "tributary.componentSelectorLabels" (list $root $component) | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
    {{- end }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "tributary.componentLabels" (list $root $component) | nindent 4 }}
spec:
  serviceName: {{ $fullname }}
  replicas: 1
  selector:
    matchLabels:
      {{- include "tributary.componentSelectorLabels" (list $root $component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "tributary.componentLabels" (list $root $component) | nindent 8 }}
    spec:
      automountServiceAccountToken: false
      enableServiceLinks: false
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ .uid }}
        runAsGroup: {{ .uid }}
        fsGroup: {{ .uid }}
        seccompProfile:
          type: RuntimeDefault
      {{- with .initCommand }}
      initContainers:
        - name: {{ $.name }}-init
          image: {{ printf "%s:%s" $v.image.repository $v.image.tag }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          command: ["/bin/sh", "-ec", {{ . | quote }}]
          {{- include "tributary.containerSecurityContext" $root | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            {{- $.initMounts | nindent 12 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ printf "%s:%s" $v.image.repository $v.image.tag }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          {{- .container | nindent 10 }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
          {{- include "tributary.containerSecurityContext" $root | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: {{ .dataPath }}
            - name: tmp
              mountPath: /tmp
            {{- with .extraMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- with .extraVolumes }}
        {{- . | nindent 8 }}
        {{- end }}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        {{- with $v.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $v.storage }}
{{- end -}}
