{{/*
One Deployment of the tributary image. Call with a dict:
  root: $, component: "api", values: .Values.api, args: (list "api"),
  serviceAccountName: "...", automountToken: true|false,
  portName: "http", port: 8080, liveness: "/health", readiness: "/ready",
  env: a YAML list (string) of extra env entries.
*/}}
{{- define "tributary.deployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $name := include "tributary.componentName" (list $root .component) -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "tributary.componentLabels" (list $root .component) | nindent 4 }}
  {{- include "tributary.annotations" $root | nindent 2 }}
spec:
  replicas: {{ $v.replicaCount }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "tributary.componentSelectorLabels" (list $root .component) | nindent 6 }}
  {{- if gt (int $v.replicaCount) 1 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  {{- end }}
  template:
    metadata:
      labels:
        {{- include "tributary.componentLabels" (list $root .component) | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "tributary.configChecksum" $root }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ .serviceAccountName }}
      automountServiceAccountToken: {{ .automountToken }}
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      {{- include "tributary.imagePullSecrets" $root | nindent 6 }}
      {{- include "tributary.podSecurityContext" $root | nindent 6 }}
      {{- include "tributary.affinity" (list $root .component $v) | nindent 6 }}
      {{- include "tributary.scheduling" $v | nindent 6 }}
      containers:
        - name: {{ .component }}
          image: {{ include "tributary.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            {{- toYaml .args | nindent 12 }}
          ports:
            - name: {{ .portName }}
              containerPort: {{ .port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "tributary.configName" $root }}
          env:
            {{- with .env }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- include "tributary.containerSecurityContext" $root | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          {{- with $v.preStopSleepSeconds }}
          # Serve on while the endpoint removal reaches kube-proxy and the ingress controller, so a
          # rollout drops no request; SIGTERM (graceful drain) comes after.
          lifecycle:
            preStop:
              sleep:
                seconds: {{ . }}
          {{- end }}
          startupProbe:
            httpGet:
              path: {{ .liveness }}
              port: {{ .portName }}
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: {{ .liveness }}
              port: {{ .portName }}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: {{ .readiness }}
              port: {{ .portName }}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/* A PodDisruptionBudget for one component. Call with (list $ "component" $values). */}}
{{- define "tributary.pdb" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $v := index . 2 -}}
{{- /* Only with more than one replica: a PDB over a single pod either protects nothing or blocks every drain. */}}
{{- if and $v.podDisruptionBudget.enabled (gt (int $v.replicaCount) 1) }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "tributary.componentName" (list $root $component) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "tributary.componentLabels" (list $root $component) | nindent 4 }}
spec:
  {{- if hasKey $v.podDisruptionBudget "minAvailable" }}
  minAvailable: {{ $v.podDisruptionBudget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $v.podDisruptionBudget.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "tributary.componentSelectorLabels" (list $root $component) | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A ClusterIP Service exposing one component's named port. Call with a dict: root, component, portName, port, type, annotations. */}}
{{- define "tributary.service" -}}
{{- $root := .root -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "tributary.componentName" (list $root .component) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "tributary.componentLabels" (list $root .component) | nindent 4 }}
    tributary.dev/scrape: "true"
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ default "ClusterIP" .type }}
  selector:
    {{- include "tributary.componentSelectorLabels" (list $root .component) | nindent 4 }}
  ports:
    - name: {{ .portName }}
      port: {{ .port }}
      targetPort: {{ .portName }}
      protocol: TCP
{{- end -}}
