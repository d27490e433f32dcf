{{/* Release-scoped names and labels. */}}
{{- define "labfleet.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "labfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The service pods' labels as key=value pairs: the sandboxes' NetworkPolicy admits exactly these pods. */}}
{{- define "labfleet.podSelectorPairs" -}}
app.kubernetes.io/name={{ .Chart.Name }},app.kubernetes.io/instance={{ .Release.Name }}
{{- end -}}

{{- define "labfleet.labels" -}}
{{ include "labfleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: api
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "labfleet.serviceAccountName" -}}
{{- default (include "labfleet.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Names this installation on the cluster: the provisioner labels everything it makes with it and touches nothing else. */}}
{{- define "labfleet.installation" -}}
{{- printf "%s-%s" .Release.Namespace .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The ClusterRole of the service's rights inside tenant namespaces, bound only there, by the service. */}}
{{- define "labfleet.sandboxRole" -}}
{{- printf "%s-sandboxes" (include "labfleet.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The ClusterRole bound cluster-wide: namespaces, and binding the sandbox role. */}}
{{- define "labfleet.provisionerRole" -}}
{{- printf "%s-provisioner" (include "labfleet.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
