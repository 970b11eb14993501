// kindcheck strictly decodes a kind cluster config against kind's public v1alpha4 API types:
// unknown or misspelled fields, wrong types and a wrong kind/apiVersion are errors. On success it
// prints the decoded config as JSON for the caller's own assertions.
//
//	go run . ../../../kind-config.yaml
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kindcheck FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var cfg v1alpha4.Cluster
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	if cfg.Kind != "Cluster" || cfg.APIVersion != "kind.x-k8s.io/v1alpha4" {
		fmt.Fprintf(os.Stderr, "%s: want kind Cluster, apiVersion kind.x-k8s.io/v1alpha4; got %q %q\n", os.Args[1], cfg.Kind, cfg.APIVersion)
		os.Exit(1)
	}
	// kind's own defaulting (what `kind create cluster` applies before validating).
	v1alpha4.SetDefaultsCluster(&cfg)
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}
