// monitoringcheck validates the chart's monitoring objects with the upstream code that reads them:
// ServiceMonitor and PrometheusRule documents are strictly decoded into the Prometheus Operator's
// monitoring/v1 types (unknown fields are errors), and every PromQL expression (alert rules and the
// Grafana dashboard's panel queries) is parsed by Prometheus's own parser.
//
//	monitoringcheck RENDERED.yaml DASHBOARD.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"github.com/prometheus/prometheus/promql/parser"
	yamlutil "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

type summary struct {
	ServiceMonitors int `json:"serviceMonitors"`
	Rules           int `json:"rules"`
	DashboardExprs  int `json:"dashboardExprs"`
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// The default PromQL dialect (no experimental functions), as Prometheus itself parses rules.
var promql = parser.NewParser(parser.Options{})

// Grafana template variables are not PromQL; substitute plausible values before parsing.
var grafanaVars = strings.NewReplacer("$namespace", "tributary", "${namespace}", "tributary", "$__rate_interval", "5m")

func main() {
	if len(os.Args) != 3 {
		fail("usage: monitoringcheck RENDERED.yaml DASHBOARD.json")
	}
	var out summary
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	reader := yamlutil.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		doc, err := reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail("%v", err)
		}
		var meta struct {
			Kind string `json:"kind"`
		}
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			fail("%v", err)
		}
		switch meta.Kind {
		case "ServiceMonitor":
			var sm monitoringv1.ServiceMonitor
			if err := yaml.UnmarshalStrict(doc, &sm); err != nil {
				fail("ServiceMonitor: %v", err)
			}
			if len(sm.Spec.Endpoints) == 0 {
				fail("ServiceMonitor %s has no endpoints", sm.Name)
			}
			out.ServiceMonitors++
		case "PrometheusRule":
			var pr monitoringv1.PrometheusRule
			if err := yaml.UnmarshalStrict(doc, &pr); err != nil {
				fail("PrometheusRule: %v", err)
			}
			for _, g := range pr.Spec.Groups {
				for _, r := range g.Rules {
					if _, err := promql.ParseExpr(r.Expr.String()); err != nil {
						fail("rule %s/%s%s: %v", g.Name, r.Alert, r.Record, err)
					}
					out.Rules++
				}
			}
		}
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		fail("dashboard: %v", err)
	}
	for _, p := range dash.Panels {
		for _, t := range p.Targets {
			if _, err := promql.ParseExpr(grafanaVars.Replace(t.Expr)); err != nil {
				fail("dashboard panel %q: %v", p.Title, err)
			}
			out.DashboardExprs++
		}
	}
	enc, _ := json.Marshal(out)
	fmt.Println(string(enc))
}
