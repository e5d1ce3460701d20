{{/*
Chart name, truncated to the 63 characters a label value may have.
*/}}
{{- define "kafka-bluegreen.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: the release name, plus the chart name unless the release name already contains it.
*/}}
{{- define "kafka-bluegreen.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kafka-bluegreen.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "kafka-bluegreen.labels" -}}
helm.sh/chart: {{ include "kafka-bluegreen.chart" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kafka-bluegreen
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
analysis-provider: selector labels, and all labels.
*/}}
{{- define "kafka-bluegreen.provider.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafka-bluegreen.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: analysis-provider
{{- end }}

{{- define "kafka-bluegreen.provider.labels" -}}
{{ include "kafka-bluegreen.labels" . }}
{{ include "kafka-bluegreen.provider.selectorLabels" . }}
{{- end }}

{{/*
The helm test Pod: its labels, which the NetworkPolicy admits.
*/}}
{{- define "kafka-bluegreen.tests.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafka-bluegreen.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: helm-test
{{- end }}

{{- define "kafka-bluegreen.provider.image" -}}
{{- printf "%s:%s" .Values.provider.image.repository (.Values.provider.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{- define "kafka-bluegreen.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kafka-bluegreen.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret holding both bearer tokens: the user's, or the one this chart creates.
*/}}
{{- define "kafka-bluegreen.secretName" -}}
{{- default (include "kafka-bluegreen.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{/*
Base64 value of a token: the configured one, else the one already in the cluster (so that an
upgrade keeps it), else a new random one. Called with (dict "value" v "existing" b64).
*/}}
{{- define "kafka-bluegreen.tokenData" -}}
{{- if .value }}
{{- .value | b64enc }}
{{- else if .existing }}
{{- .existing }}
{{- else }}
{{- randAlphaNum 40 | b64enc }}
{{- end }}
{{- end }}

{{/*
The one namespace the provider follows when it is not cluster-wide.
*/}}
{{- define "kafka-bluegreen.watchNamespace" -}}
{{- default .Release.Namespace .Values.rbac.watchNamespace }}
{{- end }}

{{/*
Base URL of the provider's Service. Fully qualified: Argo Rollouts makes web-metric requests from
the controller's namespace, where a short Service name does not resolve.
*/}}
{{- define "kafka-bluegreen.providerUrl" -}}
{{- printf "http://%s.%s.svc:%d" (include "kafka-bluegreen.fullname" .) .Release.Namespace (int .Values.provider.service.port) }}
{{- end }}

{{/*
The provider as the example's analyses call it: the Service, unless the controller needs another way in.
*/}}
{{- define "kafka-bluegreen.example.providerUrl" -}}
{{- default (include "kafka-bluegreen.providerUrl" .) .Values.example.analysis.providerUrl }}
{{- end }}

{{/*
The provider as the helm test Pod calls it.
*/}}
{{- define "kafka-bluegreen.tests.providerUrl" -}}
{{- default (include "kafka-bluegreen.providerUrl" .) .Values.tests.providerUrl }}
{{- end }}

{{/*
Kafka client environment shared by the provider and the example consumer.
*/}}
{{- define "kafka-bluegreen.kafkaEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
{{- range $key, $value := .Values.kafka.config }}
- name: {{ printf "KAFKA_%s" ($key | replace "." "_" | replace "-" "_" | upper) }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/*
Example consumer: names and labels.
*/}}
{{- define "kafka-bluegreen.example.selectorLabels" -}}
app.kubernetes.io/name: {{ .Values.example.name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kafka-bluegreen.example.labels" -}}
{{ include "kafka-bluegreen.labels" . }}
{{ include "kafka-bluegreen.example.selectorLabels" . }}
app.kubernetes.io/component: example-consumer
{{- end }}

{{- define "kafka-bluegreen.example.leaseName" -}}
{{- printf "%s-kafka-active" .Values.example.name }}
{{- end }}

{{- define "kafka-bluegreen.example.image" -}}
{{- printf "%s:%s" .Values.example.image.repository (.Values.example.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
The provider's RBAC rules. Least privilege (design §8): exactly these three, nothing else.
*/}}
{{- define "kafka-bluegreen.provider.rules" -}}
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["argoproj.io"]
  resources: ["rollouts"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
{{- if .Values.rbac.strimziConnectors }}
- apiGroups: ["kafka.strimzi.io"]
  resources: ["kafkaconnectors"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "create", "update", "patch"]
{{- end }}
{{- end }}

{{/*
Analysis args naming the Rollout and its new revision, shared by both analyses.
*/}}
{{- define "kafka-bluegreen.example.identityArgs" -}}
- name: provider-url
  value: {{ include "kafka-bluegreen.example.providerUrl" . | quote }}
- name: namespace
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: rollout
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: hash
  valueFrom:
    podTemplateHashValue: Latest
{{- end }}
