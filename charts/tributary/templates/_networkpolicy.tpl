{{/* Egress rule to one backing service ("postgres" | "nats" | "neo4j"): the dev pod when enabled, else externalServices CIDRs. Call with (list $ "postgres"). */}}
{{- define "tributary.egressTo" -}}
{{- $root := index . 0 -}}
{{- $svc := index . 1 -}}
{{- $dev := index $root.Values.dev $svc -}}
- to:
    {{- if $dev.enabled }}
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $root.Release.Namespace }}
      podSelector:
        matchLabels:
          {{- include "tributary.componentSelectorLabels" (list $root (printf "dev-%s" $svc)) | nindent 10 }}
    {{- else }}
    {{- range $root.Values.networkPolicy.externalServices.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
    {{- end }}
  ports:
    - protocol: TCP
      port: {{ ternary (get (dict "postgres" 5432 "nats" 4222 "neo4j" 7687) $svc) (index $root.Values.networkPolicy.ports $svc) $dev.enabled }}
{{- end -}}

{{- define "tributary.egressKubeAPI" -}}
- to:
    {{- range .Values.networkPolicy.kubeAPIServer.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    {{- range .Values.networkPolicy.kubeAPIServer.ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end -}}

{{/* Ingress rule letting the metrics scrapers reach a named port. */}}
{{- define "tributary.ingressMetrics" -}}
- from:
    - namespaceSelector:
        {{- toYaml .root.Values.networkPolicy.metrics.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .root.Values.networkPolicy.metrics.podSelector | nindent 8 }}
  ports:
    - protocol: TCP
      port: {{ .port }}
{{- end -}}

{{/* One allow policy for a component. Call with a dict: root, component, ingress (YAML list or ""), egress (YAML list or ""). */}}
{{- define "tributary.netpol" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "tributary.componentName" (list .root .component) }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "tributary.componentLabels" (list .root .component) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "tributary.componentSelectorLabels" (list .root .component) | nindent 6 }}
  policyTypes: ["Ingress", "Egress"]
  {{- if .ingress }}
  ingress:
    {{- .ingress | nindent 4 }}
  {{- end }}
  {{- if .egress }}
  egress:
    {{- .egress | nindent 4 }}
  {{- end }}
{{- end -}}
